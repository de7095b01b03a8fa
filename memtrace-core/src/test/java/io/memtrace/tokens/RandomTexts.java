package io.memtrace.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Small random corpora that exercise byte-level BPE: few distinct characters (so pairs repeat and
 * ties are common), multi-byte UTF-8 (2, 3 and 4 bytes), letters, digits, marks, punctuation,
 * contractions and the white space the pre-tokenizer treats specially (runs, tabs, no-break space).
 */
final class RandomTexts {
  private static final String[] POOL = {
    "a", "b", "c", "e", "t", "T", "é", "ß", "Ж", "ω", "中", "文", "😀", "𝔸", "5", "0", "٣", "\u0301",
    "'s", "'ll", ".", ",", "!", "-", "<", "|", ">", "€", "\u00A0", "\u3000"
  };
  private static final String[] SEPARATORS = {" ", " ", " ", "  ", "\t", "\n", "", ". ", " \n "};

  private final Random random;
  private final List<String> words = new ArrayList<>();

  RandomTexts(long seed) {
    random = new Random(seed);
    List<String> alphabet = new ArrayList<>();
    int letters = 2 + random.nextInt(7);
    for (int i = 0; i < letters; i++) {
      alphabet.add(POOL[random.nextInt(POOL.length)]);
    }
    int distinct = 3 + random.nextInt(15);
    for (int i = 0; i < distinct; i++) {
      StringBuilder word = new StringBuilder();
      int length = 1 + random.nextInt(6);
      for (int j = 0; j < length; j++) {
        word.append(alphabet.get(random.nextInt(alphabet.size())));
      }
      words.add(word.toString());
    }
  }

  static Stream<Long> seeds(int count) {
    return IntStream.range(0, count).mapToObj(i -> 1000L + i);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** A document of up to {@code maxWords} words drawn from this generator's word list. */
  String document(int maxWords) {
    StringBuilder text = new StringBuilder();
    int count = 1 + random.nextInt(maxWords);
    for (int i = 0; i < count; i++) {
      if (i > 0 || random.nextInt(4) == 0) {
        text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
      }
      text.append(words.get(random.nextInt(words.size())));
    }
    return text.toString();
  }

  List<String> documents(int maxDocuments, int maxWords) {
    List<String> documents = new ArrayList<>();
    int count = 1 + random.nextInt(maxDocuments);
    for (int i = 0; i < count; i++) {
      documents.add(document(maxWords));
    }
    return documents;
  }
}
