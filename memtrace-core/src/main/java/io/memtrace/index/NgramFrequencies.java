package io.memtrace.index;

import io.memtrace.BadInputException;
import io.memtrace.tokens.TokenStore;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Study A's n-gram frequencies: for rows of tokens and positions {@code 0..T-1}, how often the
 * row's own 1-, 2- and 3-gram ending at each position occurs in the index.
 *
 * <p>The run of the n-gram ending at {@code p} lies inside the run of the (n-1)-gram ending at
 * {@code p - 1}, so walking a row left to right each count is one narrowing of the previous
 * position's run: two binary searches per n-gram, position and shard, rows in parallel.
 */
public final class NgramFrequencies {
  private NgramFrequencies() {}

  /**
   * {@code result[row][n - 1][p]} = occurrences of {@code rows[row][p - n + 1 .. p]} for n = 1, 2,
   * 3 and p &lt; {@code positions}; -1 where that n-gram would start before the row or p is past
   * its end.
   */
  public static long[][][] of(IndexReader index, int[][] rows, int positions)
      throws BadInputException {
    if (positions < 0) throw new BadInputException("positions must be >= 0, got " + positions);
    for (int i = 0; i < rows.length; i++) index.checkTokens(rows[i], "row " + i);
    long[][][] out = new long[rows.length][][];
    IntStream.range(0, rows.length)
        .parallel()
        .forEach(i -> out[i] = row(index.shards(), rows[i], positions));
    return out;
  }

  /** {@link #of} for documents {@code documents} of {@code store}, as rows. */
  public static long[][][] of(IndexReader index, TokenStore store, long[] documents, int positions)
      throws BadInputException {
    int[][] rows = new int[documents.length][];
    for (int i = 0; i < documents.length; i++) {
      long from = store.documentStart(documents[i]);
      rows[i] = store.tokens(from, Math.min(store.documentEnd(documents[i]), from + positions));
    }
    return of(index, rows, positions);
  }

  private static long[][] row(List<Shard> shards, int[] row, int positions) {
    long[][] counts = new long[3][positions];
    for (long[] c : counts) Arrays.fill(c, -1);
    int n = Math.min(row.length, positions);
    for (int p = 0; p < n; p++) {
      counts[0][p] = 0;
      if (p >= 1) counts[1][p] = 0;
      if (p >= 2) counts[2][p] = 0;
    }
    for (Shard shard : shards) {
      // Runs of the unigram and the bigram ending at the previous position.
      int lo1 = 0;
      int hi1 = 0;
      int lo2 = 0;
      int hi2 = 0;
      for (int p = 0; p < n; p++) {
        int t = row[p];
        if (p >= 2) {
          int lo = Find.narrow(shard, lo2, hi2, 2, t);
          counts[2][p] += Find.narrow(shard, lo, hi2, 2, t + 1) - lo;
        }
        if (p >= 1) {
          lo2 = Find.narrow(shard, lo1, hi1, 1, t);
          hi2 = Find.narrow(shard, lo2, hi1, 1, t + 1);
          counts[1][p] += hi2 - lo2;
        }
        lo1 = Find.narrow(shard, 0, shard.length(), 0, t);
        hi1 = Find.narrow(shard, lo1, shard.length(), 0, t + 1);
        counts[0][p] += hi1 - lo1;
      }
    }
    return counts;
  }
}
