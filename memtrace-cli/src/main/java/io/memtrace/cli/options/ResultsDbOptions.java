package io.memtrace.cli.options;

import io.memtrace.OutputPaths;
import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import picocli.CommandLine.Option;

/** {@code --db} and {@code --storage}: the results database a study writes. */
public final class ResultsDbOptions {
  @Option(names = "--db", required = true, paramLabel = "FILE", description = "Results database.")
  public Path db;

  @Option(
      names = "--storage",
      defaultValue = "v1_4",
      paramLabel = "VERSION",
      description =
          "DuckDB storage format of a new --db: v1_4 (DuckDB 1.4 and later read it) or latest"
              + " (DuckDB 2.0 and later only). An existing database keeps its own. Default:"
              + " ${DEFAULT-VALUE}.")
  ResultsDatabase.StorageVersion storage;

  /**
   * The database, created first in another format than the default when asked (the runners create a
   * missing one in the default). The database is never one of {@code inputs}.
   */
  public Path prepare(Collection<Path> inputs) throws IOException {
    OutputPaths.prepare(db, inputs);
    if (storage != ResultsDatabase.StorageVersion.V1_4) ResultsDatabase.open(db, storage).close();
    return db;
  }
}
