package io.memtrace.memorization;

import io.memtrace.stats.Bleu;

/**
 * Study A's measurement of one training row for context size C and continuation size L: greedy
 * decoding of L tokens from the row's first C tokens, compared with the row's true continuation.
 *
 * @param generated the L greedy tokens
 * @param matches positions j where {@code generated[j]} equals the true token {@code C + j}
 * @param firstMismatch the first such j that differs, or L when the row is fully reproduced
 * @param teacherForcedAccuracy share of the L positions whose argmax given the TRUE prefix is right
 * @param entropy nats of the next-token distribution at positions 0..C+L-2: teacher forced over the
 *     context, then over the model's own greedy tokens (C - 1 + L values)
 * @param editDistance Levenshtein distance between generated and true continuation, divided by L
 * @param bleu BLEU-4 of generated against the true continuation ({@link Bleu})
 * @param extractionLogprob ln of the probability that sampling at temperature 1 reproduces the true
 *     continuation ({@link ExtractionProbability}), under the same end-of-text suppression
 * @param extractionTopKLogprob the same for top-k sampling; NaN when no k was asked for
 * @param membership membership scores of the row's first C + L tokens
 */
public record RowMemorization(
    long row,
    int context,
    int continuation,
    int[] generated,
    int matches,
    int firstMismatch,
    double teacherForcedAccuracy,
    float[] entropy,
    double editDistance,
    double bleu,
    double extractionLogprob,
    double extractionTopKLogprob,
    MembershipScores membership) {

  /** matches / L: study A's memorization score. */
  public double score() {
    return (double) matches / continuation;
  }

  /** Fully memorized (k-extractable with k = C). */
  public boolean exact() {
    return matches == continuation;
  }
}
