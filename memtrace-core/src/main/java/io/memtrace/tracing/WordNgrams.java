package io.memtrace.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Word n-grams of a text, as study B mines them: words are maximal runs of letters, marks and
 * digits; an n-gram is the text from its first word's start to its last word's end (so it keeps the
 * punctuation and spacing between its words and can be looked up in the corpus as written); a text
 * with fewer than n words is one n-gram, the whole run of its words.
 *
 * <p>Stop words (n <= 3): study B drops stop words for short n-grams; memtrace reads that as
 * dropping an n-gram whose first or last word is a stop word, which removes "of the" and "the
 * European" but keeps "Bank of England", and every n-gram stays a contiguous, countable string.
 */
public final class WordNgrams {
  /** The largest n to which the stop-word rule applies. */
  public static final int STOP_WORD_MAX_N = 3;

  private WordNgrams() {}

  /** A word n-gram: its text and where it first occurs in the source text. */
  public record Ngram(String text, int n, int start, int end) {}

  private record Word(String text, int start, int end) {}

  /** Distinct n-grams of {@code text} in order of first occurrence. */
  public static List<Ngram> of(String text, int n, Optional<StopWords> stopWords) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
    List<Word> words = words(text);
    Map<String, Ngram> out = new LinkedHashMap<>();
    int size = Math.min(n, words.size());
    for (int i = 0; size > 0 && i + size <= words.size(); i++) {
      Word first = words.get(i);
      Word last = words.get(i + size - 1);
      if (n <= STOP_WORD_MAX_N
          && stopWords.isPresent()
          && (stopWords.get().contains(first.text) || stopWords.get().contains(last.text))) {
        continue;
      }
      String s = text.substring(first.start, last.end);
      out.putIfAbsent(s, new Ngram(s, n, first.start, last.end));
    }
    return List.copyOf(out.values());
  }

  /**
   * The n-gram as the paper's released code compares n-grams: its words lower-cased, joined by one
   * space (punctuation between them dropped).
   */
  public static String normalized(String ngram) {
    StringBuilder out = new StringBuilder();
    for (Word w : words(ngram)) {
      if (!out.isEmpty()) out.append(' ');
      out.append(w.text.toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** The words of {@code text}. */
  public static int wordCount(String text) {
    return words(text).size();
  }

  private static List<Word> words(String text) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (!isWordChar(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      while (i < text.length() && isWordChar(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      words.add(new Word(text.substring(start, i), start, i));
    }
    return words;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c)
        || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK;
  }
}
