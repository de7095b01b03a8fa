package io.memtrace.model.engine;

/**
 * Receives hidden states as a forward pass produces them. Layer numbering: 0 is the embedding
 * output, {@code 1..L} the output of each block, {@code L + 1} the final norm's output (what the
 * output projection sees; transformers' last {@code hidden_states} entry).
 */
@FunctionalInterface
public interface HiddenStateSink {
  HiddenStateSink NONE = (row, position, layer, state, offset, dim) -> {};

  /**
   * The state of row {@code row} at {@code position} after {@code layer}: {@code state[offset ..<
   * offset + dim]}, valid only during the call. Called from one thread, in order of layers.
   */
  void accept(int row, int position, int layer, float[] state, int offset, int dim);
}
