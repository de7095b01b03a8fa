package io.memtrace.cli.bench;

/**
 * Floating-point operations of a GPT-NeoX forward pass, counted as 2 per multiply-add of its
 * products, the useful ones only: the linear layers and the output projection over every position,
 * and causal attention, where position i scores and weighs its i + 1 keys. Norms, activations and
 * the softmax are left out (a few percent on these shapes). A training step's backward pass
 * multiplies twice as much (a gradient for the inputs and one for the weights of each product), so
 * a step is three forward passes.
 */
record ForwardFlops(int layers, int hidden, int intermediate, int vocab) {
  /** FLOPs of a forward pass over {@code rows} rows of {@code positions} positions. */
  double of(int rows, int positions) {
    double n = (double) rows * positions;
    double perLayer =
        3.0 * hidden * hidden + (double) hidden * hidden + 2.0 * hidden * intermediate;
    double linear = 2 * n * (layers * perLayer + (double) hidden * vocab);
    double keys = (double) positions * (positions + 1) / 2;
    double attention = 2 * 2 * (double) layers * rows * keys * hidden;
    return linear + attention;
  }

  /** The share of {@code peakGflops} reached at {@code tokensPerSecond}, for a pass over rows. */
  double shareOfPeak(
      int rows, int positions, double passes, double tokensPerSecond, double peakGflops) {
    double flopsPerToken = passes * of(rows, positions) / ((double) rows * positions);
    return flopsPerToken * tokensPerSecond / 1e9 / peakGflops;
  }
}
