package io.memtrace.model.suite;

import io.memtrace.model.config.Activation;
import io.memtrace.model.config.GptNeoXConfig;
import java.util.List;

/**
 * A miniature Pythia: GPT-NeoX models of several sizes trained on the same rows in the same order,
 * with intermediate checkpoints, and passages planted in the training rows at known repetition
 * counts.
 *
 * @param rowLength tokens per training row (positions + 1, as Pythia's 2049)
 * @param checkpoints the optimizer steps after which every model is saved (the last = steps)
 * @param duplicateCounts repetition counts of the planted passages
 * @param passagesPerCount how many distinct passages are planted at each count
 * @param heldOutRows rows of the same corpus kept out of training (membership inference's
 *     non-members), cut and shuffled as the training rows
 */
public record SuitePreset(
    String name,
    List<Size> sizes,
    int batch,
    int rowLength,
    int steps,
    List<Integer> checkpoints,
    List<Integer> duplicateCounts,
    int passagesPerCount,
    int heldOutRows,
    double minLr,
    long seed) {

  /** One model of the suite. */
  public record Size(String name, int hidden, int layers, int heads, double maxLr) {
    public GptNeoXConfig config(int vocab, int positions, int eos) {
      return new GptNeoXConfig(
          vocab,
          hidden,
          layers,
          heads,
          4 * hidden,
          positions,
          0.25,
          10000,
          1e-5,
          true,
          Activation.GELU,
          false,
          true,
          List.of(eos));
    }
  }

  public SuitePreset {
    sizes = List.copyOf(sizes);
    checkpoints = List.copyOf(checkpoints);
    duplicateCounts = List.copyOf(duplicateCounts);
  }

  /** Rows the training reads: steps × batch. */
  public long trainingRows() {
    return (long) steps * batch;
  }

  /** Rows taken by planted passages. */
  public long plantedRows() {
    long n = 0;
    for (int c : duplicateCounts) n += (long) c * passagesPerCount;
    return n;
  }

  /** Trains in about three minutes on two cores: four sizes spanning 23x in non-embedding size. */
  public static final SuitePreset DEMO =
      new SuitePreset(
          "demo",
          List.of(
              new Size("mini-25k", 32, 2, 2, 4e-3),
              new Size("mini-100k", 64, 2, 2, 4e-3),
              new Size("mini-220k", 96, 2, 3, 3.5e-3),
              new Size("mini-590k", 128, 3, 4, 3e-3)),
          16,
          129,
          300,
          List.of(75, 150, 225, 300),
          List.of(1, 2, 4, 8, 16, 32, 64, 128, 256),
          1,
          1000,
          1e-4,
          1234);

  /** About half an hour on two cores: larger models, three times the steps. */
  public static final SuitePreset FULL =
      new SuitePreset(
          "full",
          List.of(
              new Size("mini-100k", 64, 2, 2, 3e-3),
              new Size("mini-330k", 96, 3, 3, 2.5e-3),
              new Size("mini-790k", 128, 4, 4, 2e-3),
              new Size("mini-2.4m", 192, 6, 6, 1.5e-3),
              new Size("mini-6.3m", 256, 8, 8, 1e-3)),
          16,
          129,
          900,
          List.of(225, 450, 675, 900),
          List.of(1, 2, 4, 8, 16, 32, 64, 128, 256),
          2,
          1000,
          1e-4,
          1234);

  public static SuitePreset named(String name) {
    return switch (name) {
      case "demo" -> DEMO;
      case "full" -> FULL;
      default -> throw new IllegalArgumentException("unknown preset '" + name + "' (demo, full)");
    };
  }
}
