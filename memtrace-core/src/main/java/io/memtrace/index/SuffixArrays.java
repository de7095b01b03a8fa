package io.memtrace.index;

import java.util.Arrays;

/**
 * Suffix array construction by prefix doubling (Manber and Myers) with counting sorts: after round
 * k every suffix is ranked by its first 2^k symbols, and the rounds stop once all ranks differ, so
 * the work is O(n log r) for a longest repeat of r symbols. Single-threaded.
 */
public final class SuffixArrays {
  private SuffixArrays() {}

  /**
   * Suffix array of text[0, n): SA[i] = start of the i-th smallest suffix; symbols in [0,
   * alphabetSize). A suffix that is a proper prefix of another sorts first.
   *
   * @param threads ignored by this implementation
   * @throws IllegalArgumentException if a symbol is outside [0, alphabetSize)
   */
  public static int[] build(int[] text, int alphabetSize, int threads) {
    int n = text.length;
    int[] sa = new int[n];
    int[] rank = new int[n];
    int[] tmp = new int[n];
    int[] count = new int[Math.max(alphabetSize, n) + 1];
    for (int i = 0; i < n; i++) {
      int c = text[i];
      if (c < 0 || c >= alphabetSize) {
        throw new IllegalArgumentException(
            "symbol " + c + " at " + i + " outside [0, " + alphabetSize + ")");
      }
      count[c + 1]++;
    }
    for (int c = 0; c < alphabetSize; c++) count[c + 1] += count[c];
    for (int i = 0; i < n; i++) sa[count[text[i]]++] = i;
    int groups = 0;
    for (int j = 0; j < n; j++) {
      if (j > 0 && text[sa[j]] != text[sa[j - 1]]) groups++;
      rank[sa[j]] = groups;
    }
    groups++;
    for (int k = 1; groups < n; k <<= 1) {
      // Order by the second half (rank of i + k; suffixes shorter than k + 1 first), then stably
      // by the first half.
      int p = 0;
      for (int i = n - k; i < n; i++) tmp[p++] = i;
      for (int j = 0; j < n; j++) if (sa[j] >= k) tmp[p++] = sa[j] - k;
      Arrays.fill(count, 0, groups + 1, 0);
      for (int i = 0; i < n; i++) count[rank[i] + 1]++;
      for (int g = 0; g < groups; g++) count[g + 1] += count[g];
      for (int j = 0; j < n; j++) sa[count[rank[tmp[j]]]++] = tmp[j];
      int[] next = tmp;
      groups = 0;
      next[sa[0]] = 0;
      for (int j = 1; j < n; j++) {
        int a = sa[j - 1];
        int b = sa[j];
        if (rank[a] != rank[b] || second(rank, a + k, n) != second(rank, b + k, n)) groups++;
        next[b] = groups;
      }
      groups++;
      tmp = rank;
      rank = next;
    }
    return sa;
  }

  private static int second(int[] rank, int i, int n) {
    return i < n ? rank[i] : -1;
  }

  /** Peak bytes build() needs for n symbols (text + SA + workspace). */
  public static long peakBytes(long n, int alphabetSize) {
    // text, SA, two rank arrays and the counts, plus array headers
    return 4 * (4 * n + Math.max(alphabetSize, n) + 1) + 1024;
  }
}
