package io.memtrace.index;

/**
 * The longest-common-prefix array of a suffix array, in linear time by the permuted-LCP (Φ) method
 * of Kärkkäinen, Manzini and Puglisi (2009): one array beside the text and the suffix array, filled
 * in text order, where each step starts from the previous length minus one.
 */
final class Lcp {
  private Lcp() {}

  /**
   * The permuted LCP array of {@code text[0, n)} with suffix array {@code sa}: {@code plcp[p]} is
   * the number of symbols the suffix at {@code p} shares with the suffix just before it in {@code
   * sa} (0 for the smallest suffix). {@code lcp[r] = plcp[sa[r]]}.
   */
  static int[] permuted(ShardText text, int[] sa, int n) {
    int[] phi = new int[n];
    if (n == 0) return phi;
    phi[sa[0]] = -1;
    for (int r = 1; r < n; r++) phi[sa[r]] = sa[r - 1];
    int l = 0;
    for (int i = 0; i < n; i++) {
      int j = phi[i];
      if (j < 0) {
        phi[i] = 0;
        l = 0;
        continue;
      }
      while (i + l < n && j + l < n && text.at(i + l) == text.at(j + l)) l++;
      phi[i] = l;
      if (l > 0) l--;
    }
    return phi;
  }
}
