package io.memtrace.studies.analysis;

import java.nio.file.Path;

/**
 * Which of study A's analyses run, and where their figures go.
 *
 * @param figures directory of the PNG and SVG figures
 * @param index the n-gram index of the training corpus (same tokenizer) for the n-gram dynamics and
 *     the memorization taxonomy; null to leave them out
 * @param embeddings add the embedding dynamics (reruns every model over its scored rows)
 * @param threads threads of the models the embedding dynamics run
 * @param step the training step at which sizes are compared; null for each size's last scored step
 * @param tokenizer the index's tokenizer.json when the index records none (checked against the
 *     index's when it does, and against the models'); null for the index's
 * @param reference the model whose loss the reference-model membership score subtracts; null for
 *     the smallest model of each family compared across sizes
 * @param batch training rows per optimizer step, row r trained at step r / batch + 1 (Pythia's
 *     pre-shuffled rows: 1024), for the causal memorization of rows that are not a memtrace
 *     suite's; null for the suite's own (suite.json beside the rows store)
 */
public record AnalysisSettings(
    Path figures,
    Path index,
    boolean embeddings,
    int threads,
    Long step,
    Path tokenizer,
    String reference,
    Integer batch) {
  /** Sizes compared at their last scored step, the index's own tokenizer, the family's smallest. */
  public AnalysisSettings(Path figures, Path index, boolean embeddings, int threads) {
    this(figures, index, embeddings, threads, null, null, null, null);
  }
}
