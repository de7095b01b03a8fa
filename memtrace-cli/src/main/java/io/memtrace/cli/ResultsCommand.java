package io.memtrace.cli;

import io.memtrace.studies.results.MemorizationParquet;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.ResultsExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memtrace results tables|export|import}: what the results database holds, taking it out,
 * and bringing in study A's scores written as Parquet (by {@code memtrace spark memorize}).
 */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = "List and export the tables of a results database (DuckDB).",
    subcommands = {
      ResultsCommand.Tables.class,
      ResultsCommand.Export.class,
      ResultsCommand.Import.class
    })
final class ResultsCommand {
  @Command(name = "tables", mixinStandardHelpOptions = true, description = "Tables and row counts.")
  static final class Tables implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "FILE")
    Path db;

    @Override
    public Integer call() throws Exception {
      try (ResultsDatabase r = ResultsDatabase.openReadOnly(db)) {
        for (String t : r.tables()) {
          spec.commandLine().getOut().printf("%-32s %,12d rows%n", t, r.rowCount(t));
        }
        String storage = r.meta("storage_version");
        spec.commandLine()
            .getOut()
            .printf(
                "storage version %s%s%n",
                storage == null ? "not recorded" : storage,
                ResultsDatabase.StorageVersion.V1_4.label().equals(storage)
                    ? " (DuckDB 1.4 and later open this file)"
                    : "latest".equals(storage) ? " (DuckDB 2.0 and later open this file)" : "");
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write one table as CSV (with header), JSON Lines or Parquet.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "FILE")
    Path db;

    @Option(names = "--table", required = true)
    String table;

    @Option(names = "--format", required = true, description = "csv, jsonl or parquet.")
    ResultsExport.Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws Exception {
      long rows = ResultsExport.export(db, table, format, out);
      spec.commandLine().getOut().printf("%s: %,d rows -> %s%n", table, rows, out);
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Add study A's scores written as Parquet (the output directory of memtrace spark"
              + " memorize) to a results database; rows it already holds are kept.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--parquet", required = true, paramLabel = "DIR")
    Path parquet;

    @Option(names = "--db", required = true, paramLabel = "FILE")
    Path db;

    @Override
    public Integer call() throws Exception {
      var imported = MemorizationParquet.importInto(parquet, db);
      spec.commandLine()
          .getOut()
          .printf(
              "memorization: %,d rows, membership: %,d rows imported into %s%n",
              imported.memorization(), imported.membership(), db);
      return 0;
    }
  }
}
