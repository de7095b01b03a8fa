package io.memtrace.studies.memorization;

import io.memtrace.studies.ModelRef;
import java.nio.file.Path;
import java.util.List;

/**
 * What study A scores: models x selected training rows x context sizes C x continuation sizes L.
 *
 * @param rows the training rows, a token store (or a headerless .bin with {@code rowLength})
 * @param rowLength rows of a headerless .bin (Pythia: 2049); null for the store's sequences
 * @param includeDuplicates also score each planted passage of the duplicates manifest (its first
 *     row: the copies are identical rows)
 * @param duplicates the planted-duplicates manifest; null for duplicates.json beside the store
 * @param batchRows rows per forward batch
 * @param eosSuppressed EOS suppressed until L tokens are generated (Pythia's {@code min_length})
 * @param index the n-gram index of the training corpus: each greedy continuation's longest span in
 *     it is stored ({@code memorization_spans}); null for none
 * @param heldOut rows of the same corpus never trained on (a suite's {@code heldout} store), scored
 *     as membership inference's non-members, as many as rows are selected; null for the suite's
 *     {@code heldout} beside the rows when there
 * @param topK the k of top-k sampling whose extraction probability is stored beside plain
 *     sampling's; 0 for none
 */
public record MemorizationSettings(
    List<ModelRef> models,
    Path rows,
    Integer rowLength,
    RowSelection selection,
    boolean includeDuplicates,
    Path duplicates,
    List<Integer> contexts,
    List<Integer> continuations,
    int batchRows,
    int threads,
    boolean eosSuppressed,
    Path index,
    Path heldOut,
    int topK) {
  public MemorizationSettings {
    if (topK < 0) throw new IllegalArgumentException("top-k " + topK);
    models = List.copyOf(models);
    // A size given twice is one grid point (and the sizes of a context are stored together).
    contexts = contexts.stream().distinct().toList();
    continuations = continuations.stream().distinct().toList();
  }

  /** Held-out rows beside the rows when there, no top-k sampling. */
  public MemorizationSettings(
      List<ModelRef> models,
      Path rows,
      Integer rowLength,
      RowSelection selection,
      boolean includeDuplicates,
      Path duplicates,
      List<Integer> contexts,
      List<Integer> continuations,
      int batchRows,
      int threads,
      boolean eosSuppressed,
      Path index) {
    this(
        models,
        rows,
        rowLength,
        selection,
        includeDuplicates,
        duplicates,
        contexts,
        continuations,
        batchRows,
        threads,
        eosSuppressed,
        index,
        null,
        0);
  }

  /**
   * The defaults: store sequences as rows, no manifest rows added, 64 rows a batch, EOS suppressed,
   * no index, a suite's held-out rows when beside the rows, no top-k sampling.
   */
  public static MemorizationSettings of(
      List<ModelRef> models,
      Path rows,
      RowSelection selection,
      List<Integer> contexts,
      List<Integer> continuations) {
    return new MemorizationSettings(
        models,
        rows,
        null,
        selection,
        false,
        null,
        contexts,
        continuations,
        64,
        Runtime.getRuntime().availableProcessors(),
        true,
        null);
  }
}
