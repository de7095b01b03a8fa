package io.memtrace.model;

import io.memtrace.model.engine.HiddenStateSink;
import java.util.BitSet;
import java.util.List;

/**
 * Limits of greedy decoding, per row.
 *
 * @param maxNew tokens to generate at most
 * @param minLength end-of-text tokens are suppressed while the sequence (cache plus generated) is
 *     shorter than this, as transformers' {@code min_length}
 * @param eosIds end-of-text tokens: generating one ends the row
 * @param hiddenLayers layers whose hidden states of fed tokens go to {@code hiddenSink}
 */
public record GreedyOptions(
    int[] maxNew,
    int[] minLength,
    List<Integer> eosIds,
    BitSet hiddenLayers,
    HiddenStateSink hiddenSink) {
  public GreedyOptions {
    if (maxNew.length != minLength.length) {
      throw new IllegalArgumentException(
          maxNew.length + " maxNew, " + minLength.length + " minLength");
    }
    maxNew = maxNew.clone();
    minLength = minLength.clone();
    eosIds = List.copyOf(eosIds);
    hiddenLayers = (BitSet) hiddenLayers.clone();
  }

  /** The same limits for every one of {@code rows} rows, no hidden states. */
  public static GreedyOptions uniform(int rows, int maxNew, int minLength, List<Integer> eosIds) {
    int[] m = new int[rows];
    int[] l = new int[rows];
    java.util.Arrays.fill(m, maxNew);
    java.util.Arrays.fill(l, minLength);
    return new GreedyOptions(m, l, eosIds, new BitSet(), HiddenStateSink.NONE);
  }

  public GreedyOptions withHidden(BitSet layers, HiddenStateSink sink) {
    return new GreedyOptions(maxNew, minLength, eosIds, layers, sink);
  }
}
