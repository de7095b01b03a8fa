package io.memtrace.memorization;

import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.engine.KvCache;
import io.memtrace.stats.Bleu;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Study A's memorization scores by greedy decoding, computed the fast way: one teacher-forced pass
 * over the C + L true tokens gives, at every continuation position, the argmax given the TRUE
 * prefix. Greedy decoding agrees with the truth up to the first position where that argmax differs,
 * so the generated tokens up to and including that position are known without decoding; greedy
 * decoding resumes only from there, on the cache of the true prefix the pass already filled.
 * End-of-text tokens are suppressed through all L steps, as transformers' {@code min_length = C +
 * L} does (Pythia's convention). Several continuation sizes share the pass and the decoding, and
 * the pass also gives each row's extraction probability by sampling ({@link ExtractionProbability})
 * and its membership scores over the C + L tokens ({@link MembershipScores}).
 */
public final class Memorizer {
  private final LanguageModel model;
  private final List<Integer> eosIds;
  private final int topK;
  private final Function<int[], String> text;

  /**
   * @param eosIds tokens suppressed during the continuation; empty for none
   * @param topK the k of top-k sampling whose extraction probability is also computed; 0 for none
   * @param text the text of tokens (the model's tokenizer), for the zlib membership score
   */
  public Memorizer(
      LanguageModel model, List<Integer> eosIds, int topK, Function<int[], String> text) {
    if (topK < 0) throw new IllegalArgumentException("top-k " + topK);
    this.model = model;
    this.eosIds = List.copyOf(eosIds);
    this.topK = topK;
    this.text = text;
  }

  /** Scores each row (at least C + L tokens; tokens past C + L are ignored). */
  public RowMemorization[] run(long[] rowIds, int[][] rows, int c, int l) {
    return run(rowIds, rows, c, new int[] {l})[0];
  }

  /**
   * Scores each row for every continuation size in {@code ls} at once, returning one array of rows
   * per size. Greedy decoding of L tokens is the first L tokens of greedy decoding of more (the
   * end-of-text suppression covers both), so one pass and one decoding to the largest L serve all.
   */
  public RowMemorization[][] run(long[] rowIds, int[][] rows, int c, int... ls) {
    int n = rows.length;
    int l = Arrays.stream(ls).max().orElseThrow();
    if (Arrays.stream(ls).min().getAsInt() < 1) {
      throw new IllegalArgumentException(
          "continuation sizes must be positive: " + Arrays.toString(ls));
    }
    int[][] prefix = new int[n][];
    for (int r = 0; r < n; r++) {
      if (rows[r].length < c + l) {
        throw new IllegalArgumentException(
            "row " + rowIds[r] + " has " + rows[r].length + " tokens; C + L = " + (c + l));
      }
      prefix[r] = Arrays.copyOf(rows[r], c + l);
    }
    KvCache cache = model.newCache(n);
    // The same pass yields the extraction probabilities (under the suppression greedy decoding
    // uses) and the membership scores (under the model's own distribution, from its logits).
    LogprobMoments moments = new LogprobMoments(prefix);
    RowScores[] tf =
        model.score(
            cache,
            prefix,
            ScoreOptions.DEFAULT.withSuppressed(eosIds).withTopK(topK).withLogits(moments));
    int[][] generated = new int[n][l];
    int[] first = new int[n];
    int[][] feed = new int[n][];
    int[] maxNew = new int[n];
    int[] minLength = new int[n];
    for (int r = 0; r < n; r++) {
      first[r] = l;
      for (int j = 0; j < l && first[r] == l; j++) {
        if (tf[r].argmax()[c - 1 + j] != prefix[r][c + j]) first[r] = j;
      }
      int f = first[r];
      System.arraycopy(prefix[r], c, generated[r], 0, f);
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
                io.memtrace.model.engine.HiddenStateSink.NONE));
    float[][] entropy = new float[n][c - 1 + l];
    for (int r = 0; r < n; r++) {
      int f = first[r];
      System.arraycopy(tf[r].entropy(), 0, entropy[r], 0, c + Math.min(f, l - 1));
      if (f < l) {
        Generation g = rest[r];
        System.arraycopy(g.tokens(), 0, generated[r], f + 1, g.tokens().length);
        System.arraycopy(g.entropy(), 0, entropy[r], c + f, g.entropy().length);
      }
    }
    RowMemorization[][] out = new RowMemorization[ls.length][n];
    for (int s = 0; s < ls.length; s++) {
      int size = ls[s];
      for (int r = 0; r < n; r++) {
        float[] lp = tf[r].targetLogprob();
        double topKLogprob =
            topK == 0
                ? Double.NaN
                : ExtractionProbability.topKLogProbability(
                    Arrays.copyOfRange(prefix[r], 1, c + l),
                    lp,
                    tf[r].topIds(),
                    tf[r].topLogprobs(),
                    c - 1,
                    size);
        int[] window = Arrays.copyOf(prefix[r], c + size);
        int[] gen = Arrays.copyOf(generated[r], size);
        int[] truth = Arrays.copyOfRange(prefix[r], c, c + size);
        int matches = 0;
        int tfHits = 0;
        for (int j = 0; j < size; j++) {
          if (gen[j] == truth[j]) matches++;
          if (tf[r].argmax()[c - 1 + j] == truth[j]) tfHits++;
        }
        out[s][r] =
            new RowMemorization(
                rowIds[r],
                c,
                size,
                gen,
                matches,
                Math.min(first[r], size),
                (double) tfHits / size,
                Arrays.copyOf(entropy[r], c - 1 + size),
                (double) Bleu.editDistance(gen, truth) / size,
                Bleu.of(gen, truth),
                ExtractionProbability.logProbability(lp, c - 1, size),
                topKLogprob,
                MembershipScores.of(
                    moments, r, c + size, text.apply(window), MembershipScores.DEFAULT_K));
      }
    }
    return out;
  }
}
