package io.memtrace.studies.prediction;

import java.nio.file.Path;

/**
 * Which scored rows study A (f) predicts, and how they are sampled.
 *
 * @param model the model's name in the results database
 * @param perLevel rows drawn per exact score level k / L
 * @param seed sampling and split seed
 * @param figures where the figures go
 */
public record PredictionSettings(
    String model,
    int context,
    int continuation,
    int perLevel,
    long seed,
    int threads,
    Path figures) {
  /** Study A's defaults: 60 rows per level, seed 1. */
  public static PredictionSettings of(String model, int context, int continuation, Path figures) {
    return new PredictionSettings(
        model, context, continuation, 60, 1, Runtime.getRuntime().availableProcessors(), figures);
  }
}
