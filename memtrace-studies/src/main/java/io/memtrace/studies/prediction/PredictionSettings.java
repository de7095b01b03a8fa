package io.memtrace.studies.prediction;

import io.memtrace.memorization.ReleasedPredictor;
import java.nio.file.Path;

/**
 * Which scored rows study A (f) predicts, how they are sampled, and the predictor's size.
 *
 * @param model the model's name in the results database
 * @param perLevel rows drawn per exact score level k / L (a level with fewer gives all it has)
 * @param seed sampling, split and training seed
 * @param figures where the figures go
 * @param hidden the predictor's width; 0 for the scored model's hidden size
 * @param layers the predictor's Transformer layers
 * @param heads its attention heads; 0 for 8 where they split the width into heads of an even size,
 *     else the most below
 */
public record PredictionSettings(
    String model,
    int context,
    int continuation,
    int perLevel,
    long seed,
    int threads,
    Path figures,
    int hidden,
    int layers,
    int heads) {
  /** The width of the scored model, the layers and heads the released predictor has. */
  public static final int DEFAULT_HIDDEN = 0;

  public static final int DEFAULT_LAYERS = ReleasedPredictor.LAYERS;
  public static final int DEFAULT_HEADS = 0;

  /**
   * Study A's scale: {@value ReleasedPredictor#PER_LEVEL} rows per level (the released sample), the
   * predictor as wide as the scored model with {@value ReleasedPredictor#LAYERS} layers and 8 heads
   * (the released encoder's shape), seed 1, every processor.
   */
  public static PredictionSettings of(String model, int context, int continuation, Path figures) {
    return new PredictionSettings(
        model,
        context,
        continuation,
        ReleasedPredictor.PER_LEVEL,
        1,
        Runtime.getRuntime().availableProcessors(),
        figures,
        DEFAULT_HIDDEN,
        DEFAULT_LAYERS,
        DEFAULT_HEADS);
  }

  /** The same rows with another predictor size. */
  public PredictionSettings withNetwork(int hidden, int layers, int heads) {
    return new PredictionSettings(
        model, context, continuation, perLevel, seed, threads, figures, hidden, layers, heads);
  }
}
