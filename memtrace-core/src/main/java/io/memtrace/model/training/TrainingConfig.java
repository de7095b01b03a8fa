package io.memtrace.model.training;

/**
 * Hyper-parameters of a training run. The learning rate warms up linearly over {@code warmupSteps}
 * to {@code maxLr}, then follows a cosine to {@code minLr} at {@code steps}; see {@link
 * #learningRate}. Impossible values throw IllegalArgumentException naming the value.
 */
public record TrainingConfig(
    int batchSize,
    int rowLength,
    long steps,
    double maxLr,
    double minLr,
    long warmupSteps,
    double weightDecay,
    double beta1,
    double beta2,
    double eps,
    double gradClip,
    long seed,
    double initStd) {

  public TrainingConfig {
    requirePositive("batch size", batchSize);
    if (rowLength < 2) throw bad("row length " + rowLength + "; expected at least 2 tokens");
    requirePositive("steps", steps);
    if (!(maxLr > 0) || !(minLr >= 0) || minLr > maxLr) {
      throw bad("learning rates max " + maxLr + ", min " + minLr + "; expected 0 <= min <= max");
    }
    if (warmupSteps < 0 || warmupSteps > steps) {
      throw bad("warmup " + warmupSteps + " steps; expected 0.." + steps);
    }
    if (!(weightDecay >= 0)) throw bad("weight decay " + weightDecay + "; expected >= 0");
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw bad("betas " + beta1 + ", " + beta2 + "; expected in [0, 1)");
    }
    if (!(eps > 0)) throw bad("eps " + eps + "; expected > 0");
    if (!(gradClip >= 0)) throw bad("gradient clip " + gradClip + "; expected >= 0 (0 = off)");
    if (!(initStd > 0)) throw bad("init std " + initStd + "; expected > 0");
  }

  /** Defaults of the Pythia recipe scaled to small models: AdamW(0.9, 0.95), clip 1, decay 0.01. */
  public static TrainingConfig of(
      int batchSize, int rowLength, long steps, double maxLr, long seed) {
    return new TrainingConfig(
        batchSize,
        rowLength,
        steps,
        maxLr,
        maxLr / 10,
        Math.max(1, steps / 10),
        0.01,
        0.9,
        0.95,
        1e-8,
        1.0,
        seed,
        0.02);
  }

  /**
   * The learning rate of optimizer step {@code step} (0-based): {@code maxLr · (step + 1) / warmup}
   * during warm-up, then {@code minLr + (maxLr - minLr) · (1 + cos(π · p)) / 2} with {@code p =
   * (step - warmup) / (steps - warmup)}.
   */
  public double learningRate(long step) {
    if (step < warmupSteps) return maxLr * (step + 1) / warmupSteps;
    double p = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
    return minLr + (maxLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)));
  }

  private static void requirePositive(String what, long value) {
    if (value <= 0) throw bad(what + " " + value + "; expected > 0");
  }

  private static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException("training: " + message);
  }
}
