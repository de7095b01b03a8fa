package io.memtrace.memorization;

import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.KvCache;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import java.util.Arrays;
import java.util.List;

/**
 * Study A's memorization scores by greedy decoding, computed the fast way: one teacher-forced pass
 * over the C + L true tokens gives, at every continuation position, the argmax given the TRUE
 * prefix. Greedy decoding agrees with the truth up to the first position where that argmax differs,
 * so the generated tokens up to and including that position are known without decoding; greedy
 * decoding resumes only from there, on the cache of the true prefix the pass already filled.
 * End-of-text tokens are suppressed through all L steps, as transformers' {@code min_length = C +
 * L} does (Pythia's convention).
 */
public final class Memorizer {
  private final LanguageModel model;
  private final List<Integer> eosIds;

  /** {@code eosIds}: tokens suppressed during the continuation; empty for none. */
  public Memorizer(LanguageModel model, List<Integer> eosIds) {
    this.model = model;
    this.eosIds = List.copyOf(eosIds);
  }

  /** Scores each row (at least C + L tokens; tokens past C + L are ignored). */
  public RowMemorization[] run(long[] rowIds, int[][] rows, int c, int l) {
    int n = rows.length;
    int[][] prefix = new int[n][];
    for (int r = 0; r < n; r++) {
      if (rows[r].length < c + l) {
        throw new IllegalArgumentException(
            "row " + rowIds[r] + " has " + rows[r].length + " tokens; C + L = " + (c + l));
      }
      prefix[r] = Arrays.copyOf(rows[r], c + l);
    }
    KvCache cache = model.newCache(n);
    RowScores[] tf = model.score(cache, prefix, ScoreOptions.DEFAULT.withSuppressed(eosIds));
    int[][] generated = new int[n][l];
    int[] first = new int[n];
    int[] tfHits = new int[n];
    int[][] feed = new int[n][];
    int[] maxNew = new int[n];
    int[] minLength = new int[n];
    for (int r = 0; r < n; r++) {
      first[r] = l;
      for (int j = 0; j < l; j++) {
        int argmax = tf[r].argmax()[c - 1 + j];
        if (argmax == prefix[r][c + j]) tfHits[r]++;
        if (first[r] == l && argmax != prefix[r][c + j]) first[r] = j;
      }
      int f = first[r];
      System.arraycopy(prefix[r], c, generated[r], 0, Math.min(f, l));
      if (f < l) {
        generated[r][f] = tf[r].argmax()[c - 1 + f];
        cache.truncate(r, c + f);
        feed[r] = new int[] {generated[r][f]};
        maxNew[r] = l - f - 1;
      } else {
        feed[r] = new int[0];
      }
      minLength[r] = c + l;
    }
    Generation[] rest =
        model.greedy(
            cache,
            feed,
            new GreedyOptions(
                maxNew,
                minLength,
                eosIds,
                new java.util.BitSet(),
                io.memtrace.model.HiddenStateSink.NONE));
    RowMemorization[] out = new RowMemorization[n];
    for (int r = 0; r < n; r++) {
      int f = first[r];
      float[] entropy = new float[c - 1 + l];
      System.arraycopy(tf[r].entropy(), 0, entropy, 0, c + Math.min(f, l - 1));
      if (f < l) {
        Generation g = rest[r];
        System.arraycopy(g.tokens(), 0, generated[r], f + 1, g.tokens().length);
        System.arraycopy(g.entropy(), 0, entropy, c + f, g.entropy().length);
      }
      int[] truth = Arrays.copyOfRange(prefix[r], c, c + l);
      int matches = 0;
      for (int j = 0; j < l; j++) if (generated[r][j] == truth[j]) matches++;
      out[r] =
          new RowMemorization(
              rowIds[r],
              c,
              l,
              generated[r],
              matches,
              f,
              (double) tfHits[r] / l,
              entropy,
              (double) Bleu.editDistance(generated[r], truth) / l,
              Bleu.of(generated[r], truth));
    }
    return out;
  }
}
