package io.memtrace.studies.results;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One table of a results database written as a file DuckDB's own {@code COPY} writes: CSV with a
 * header, JSON Lines or Parquet. Written to a temporary file and renamed into place.
 */
public final class ResultsExport {
  private ResultsExport() {}

  /** Output formats. */
  public enum Format {
    CSV,
    JSONL,
    PARQUET
  }

  /** Writes {@code table} of {@code db} to {@code out}; returns its row count. */
  public static long export(Path db, String table, Format format, Path out)
      throws IOException, SQLException {
    if (!Files.exists(db)) throw BadInputException.in(db, "no such database");
    OutputPaths.prepare(out, db);
    try (ResultsDatabase r = ResultsDatabase.openReadOnly(db)) {
      if (!r.hasTable(table)) {
        throw BadInputException.in(db, "has no table '" + table + "' (" + r.tables() + ")");
      }
      Path abs = out.toAbsolutePath();
      Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
      String options =
          switch (format) {
            case CSV -> "FORMAT CSV, HEADER";
            case JSONL -> "FORMAT JSON";
            case PARQUET -> "FORMAT PARQUET";
          };
      Files.deleteIfExists(tmp); // left by a killed run
      try (Statement s = r.connection().createStatement()) {
        s.execute(
            "COPY "
                + ResultsDatabase.quote(table)
                + " TO '"
                + tmp.toString().replace("'", "''")
                + "' ("
                + options
                + ")");
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return r.rowCount(table);
    }
  }
}
