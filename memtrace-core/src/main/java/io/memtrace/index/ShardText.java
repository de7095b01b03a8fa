package io.memtrace.index;

import io.memtrace.index.sais.SuffixArrays;

/**
 * The text of one shard (documents, each followed by the separator): 16-bit ({@code narrow}) when
 * the alphabet fits, which halves its share of a build's memory, else 32-bit ({@code wide});
 * exactly one of the two is set.
 */
public record ShardText(char[] narrow, int[] wide) {
  public ShardText {
    if ((narrow == null) == (wide == null)) {
      throw new IllegalArgumentException("exactly one of narrow and wide must be given");
    }
  }

  /** Whether an alphabet of {@code alphabetSize} symbols fits 16 bits. */
  public static boolean narrow(long alphabetSize) {
    return alphabetSize <= SuffixArrays.CHAR_ALPHABET;
  }

  /** Bytes per symbol of the text of an alphabet of {@code alphabetSize} symbols. */
  public static int bytesPerSymbol(long alphabetSize) {
    return narrow(alphabetSize) ? 2 : 4;
  }

  public int length() {
    return narrow != null ? narrow.length : wide.length;
  }

  /** Symbol {@code i}. */
  public int at(int i) {
    return narrow != null ? narrow[i] : wide[i];
  }

  /** Its suffix array ({@link SuffixArrays#build}). */
  public int[] suffixArray(int alphabetSize, int threads) {
    return narrow != null
        ? SuffixArrays.build(narrow, alphabetSize, threads)
        : SuffixArrays.build(wide, alphabetSize, threads);
  }
}
