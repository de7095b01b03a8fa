package io.memtrace.model;

import io.memtrace.model.engine.HiddenStateSink;
import java.util.BitSet;
import java.util.List;

/**
 * What to compute at each position besides the argmax, the log-probability of the next token and
 * the entropy.
 *
 * @param topK how many most likely tokens to list with their log-probabilities (0: none)
 * @param suppressedIds tokens removed from every distribution (their logits set to -inf) before any
 *     statistic is taken, as transformers' min-length processor does with EOS
 * @param hiddenLayers layers whose hidden states go to {@code hiddenSink} (see {@link
 *     HiddenStateSink} for the numbering)
 * @param logitsSink receives each position's logits before suppression (the model's own
 *     distribution, as membership scores need it); null for none
 */
public record ScoreOptions(
    int topK,
    List<Integer> suppressedIds,
    BitSet hiddenLayers,
    HiddenStateSink hiddenSink,
    LogitsSink logitsSink) {
  public static final ScoreOptions DEFAULT =
      new ScoreOptions(0, List.of(), new BitSet(), HiddenStateSink.NONE, null);

  public ScoreOptions {
    if (topK < 0) throw new IllegalArgumentException("topK " + topK);
    suppressedIds = List.copyOf(suppressedIds);
    hiddenLayers = (BitSet) hiddenLayers.clone();
  }

  public ScoreOptions withTopK(int k) {
    return new ScoreOptions(k, suppressedIds, hiddenLayers, hiddenSink, logitsSink);
  }

  public ScoreOptions withSuppressed(List<Integer> ids) {
    return new ScoreOptions(topK, ids, hiddenLayers, hiddenSink, logitsSink);
  }

  public ScoreOptions withHidden(BitSet layers, HiddenStateSink sink) {
    return new ScoreOptions(topK, suppressedIds, layers, sink, logitsSink);
  }

  public ScoreOptions withLogits(LogitsSink sink) {
    return new ScoreOptions(topK, suppressedIds, hiddenLayers, hiddenSink, sink);
  }
}
