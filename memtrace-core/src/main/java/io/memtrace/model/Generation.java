package io.memtrace.model;

/**
 * The tokens greedy decoding chose for one row, with the log-probability of each choice and the
 * entropy (nats) of the distribution it was chosen from (after EOS suppression).
 */
public record Generation(int[] tokens, float[] logprob, float[] entropy) {}
