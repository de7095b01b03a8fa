package io.memtrace.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every query answered by scanning the documents: the truth the index is checked against. */
record BruteForce(List<int[]> documents) {
  boolean at(int[] doc, int pos, int[] q) {
    if (pos + q.length > doc.length) return false;
    for (int i = 0; i < q.length; i++) if (doc[pos + i] != q[i]) return false;
    return true;
  }

  List<Integer> positions(int[] doc, int[] q) {
    List<Integer> out = new ArrayList<>();
    for (int p = 0; p + q.length <= doc.length; p++) if (at(doc, p, q)) out.add(p);
    return out;
  }

  long count(int[] q) {
    long n = 0;
    for (int[] doc : documents) n += positions(doc, q).size();
    return n;
  }

  Set<Occurrences.Occurrence> occurrences(int[] q) {
    Set<Occurrences.Occurrence> out = new HashSet<>();
    for (int d = 0; d < documents.size(); d++) {
      for (int p : positions(documents.get(d), q)) out.add(new Occurrences.Occurrence(d, p));
    }
    return out;
  }

  /** Next token -> count, over occurrences followed by a token of the same document. */
  Map<Integer, Long> next(int[] context) {
    Map<Integer, Long> out = new HashMap<>();
    for (int[] doc : documents) {
      for (int p : positions(doc, context)) {
        if (p + context.length < doc.length) out.merge(doc[p + context.length], 1L, Long::sum);
      }
    }
    return out;
  }

  long continuations(int[] context) {
    return next(context).values().stream().mapToLong(Long::longValue).sum();
  }

  InfiniGram.Probability infgram(int[] context, int token) {
    for (int k = context.length; k >= 0; k--) {
      int[] suffix = Arrays.copyOfRange(context, context.length - k, context.length);
      Map<Integer, Long> next = next(suffix);
      long c = next.values().stream().mapToLong(Long::longValue).sum();
      if (c > 0 || k == 0) {
        long n = next.getOrDefault(token, 0L);
        return new InfiniGram.Probability(token, c == 0 ? 0 : (double) n / c, k, n, c);
      }
    }
    throw new AssertionError();
  }

  /**
   * The maximal spans {@code {start, end}} of {@code text} of at least {@code minLength} tokens
   * that occur, by start: the longest match of each start against every document position, kept
   * when no other start's match contains it.
   */
  List<int[]> spans(int[] text, int minLength) {
    int[] longest = new int[text.length];
    for (int i = 0; i < text.length; i++) {
      for (int[] doc : documents) {
        for (int p = 0; p < doc.length; p++) {
          int k = 0;
          while (i + k < text.length && p + k < doc.length && text[i + k] == doc[p + k]) k++;
          longest[i] = Math.max(longest[i], k);
        }
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      boolean contained = false;
      for (int j = 0; j < text.length; j++) {
        contained |= j < i && j + longest[j] >= i + longest[i];
      }
      if (!contained && longest[i] >= minLength) out.add(new int[] {i, i + longest[i]});
    }
    return out;
  }

  long documentFrequency(int[] q) {
    return documents.stream().filter(d -> !positions(d, q).isEmpty()).count();
  }

  /** Documents with both; window 0 = anywhere, else both fit in window consecutive tokens. */
  long cooccur(int[] a, int[] b, int window) {
    long n = 0;
    for (int[] doc : documents) {
      List<Integer> pa = positions(doc, a);
      List<Integer> pb = positions(doc, b);
      boolean hit = false;
      for (int x : pa) {
        for (int y : pb) {
          long span = Math.max(x + a.length, y + b.length) - Math.min(x, y);
          if (window == 0 || span <= window) hit = true;
        }
      }
      if (hit) n++;
    }
    return n;
  }
}
