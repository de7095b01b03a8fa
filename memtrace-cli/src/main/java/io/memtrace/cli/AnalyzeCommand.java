package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.results.EmbeddingDynamics;
import io.memtrace.results.MemorizationAnalyses;
import io.memtrace.results.NgramDynamics;
import io.memtrace.results.ResultsDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace analyze}: study A's analyses as database tables and figures. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Study A's analyses of a memorize database: score bins by model size, context and"
          + " continuation; transitions between models; entropy per position by score class;"
          + " memorization by duplication count and by training step. Each analysis is a table"
          + " (analysis_*) of the database and a PNG + SVG figure under --out."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--db", required = true, paramLabel = "FILE")
  Path db;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Figures.")
  Path out;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Index of the training corpus (same tokenizer): adds the n-gram dynamics of the rows.")
  Path index;

  @Option(
      names = "--embeddings",
      description =
          "Add the embedding dynamics (centroids of last-layer states per exact level and decoding"
              + " step, distances, PCA); reruns every model over its scored rows.")
  boolean embeddings;

  @Option(names = "--threads", paramLabel = "N", description = "Default: all processors.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(db)) throw BadInputException.in(db, "no such database");
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      if (!r.hasTable("memorization") || r.rowCount("memorization") == 0) {
        throw BadInputException.in(db, "holds no memorization scores (run memorize first)");
      }
      List<String> tables = new ArrayList<>(MemorizationAnalyses.run(r, out));
      if (index != null) {
        try (IndexReader ix = IndexReader.open(index)) {
          tables.addAll(NgramDynamics.run(r, ix, out));
        }
      }
      if (embeddings) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        tables.addAll(EmbeddingDynamics.run(r, out, n));
      }
      for (String t : tables) {
        spec.commandLine().getOut().printf("%-28s %,8d rows%n", t, r.rowCount(t));
      }
      spec.commandLine().getOut().println("figures -> " + out);
    }
    return 0;
  }
}
