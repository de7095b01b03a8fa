package io.memtrace.studies.tracing;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.Task;
import java.nio.file.Path;
import java.util.List;

/**
 * What study B traces: tasks x models against one corpus index.
 *
 * @param index the n-gram index of the pretraining corpus
 * @param tokenizer the corpus's tokenizer.json when the index records none (checked against the
 *     index's when it does); null for the index's
 * @param minN smallest n-gram size
 * @param maxN largest n-gram size
 * @param gamma the user's absolute cosine thresholds over the paper's ({@link Thresholds})
 * @param filter which threshold keeps a pair ({@link EmbeddingFilter})
 * @param nullQuantile q of the calibrated threshold
 * @param occurrences task-gram LM from occurrence counts instead of document counts
 * @param unit the unit of Mem_n that the summary and figures show (both are stored)
 * @param coverage how performance is binned by coverage
 * @param figures where the figures go
 */
public record TracingSettings(
    List<Task> tasks,
    Path index,
    Path tokenizer,
    List<ModelRef> models,
    int minN,
    int maxN,
    List<Thresholds.Override> gamma,
    EmbeddingFilter.Rule filter,
    double nullQuantile,
    EncoderSpec encoder,
    boolean occurrences,
    DistributionalMemorization.Unit unit,
    CoverageBins coverage,
    Path figures,
    int threads) {
  public TracingSettings {
    tasks = List.copyOf(tasks);
    models = List.copyOf(models);
    gamma = List.copyOf(gamma);
  }

  /**
   * Study B's defaults: n = 2..5, thresholds calibrated at the null's 95th percentile, e5-small-v2,
   * document counts, Mem_n per (example, output n-gram), the paper's coverage bins.
   */
  public static TracingSettings of(
      List<Task> tasks, Path index, List<ModelRef> models, Path figures) {
    return new TracingSettings(
        tasks,
        index,
        null,
        models,
        2,
        5,
        List.of(),
        EmbeddingFilter.Rule.CALIBRATED,
        0.05,
        EncoderSpec.E5_SMALL_V2,
        false,
        DistributionalMemorization.Unit.OUTPUT,
        CoverageBins.PAPER,
        figures,
        Runtime.getRuntime().availableProcessors());
  }
}
