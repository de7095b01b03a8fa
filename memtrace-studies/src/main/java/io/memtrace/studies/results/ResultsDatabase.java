package io.memtrace.studies.results;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * memtrace's results: an embedded DuckDB database file that users query with SQL directly (DuckDB
 * CLI, Python, R). Table {@code memtrace_meta(key, value)} records the format and its schema
 * version; a database of another format or version is refused, never altered. A new database gets
 * the metadata and every table of {@link ResultsSchema} in one transaction. Writes happen in
 * transactions, so an interrupted run leaves the database as of its last commit.
 *
 * <p>A new file is written in DuckDB's v1.4.0 storage format unless {@link StorageVersion#LATEST}
 * is asked for, recorded as {@code storage_version} in {@code memtrace_meta}.
 *
 * <p>Version 2: one {@code models} registry for every study ({@code tracing_models} is gone; the
 * rows store and EOS setting of study A moved to {@code memorization_sources}); every runner table
 * exists from the start. Version 3: study B ranks (example, output n-gram) units: {@code
 * tracing_outputs} holds them with their aggregated task-gram and infini-gram probabilities, {@code
 * tracing_lm} is keyed by output, {@code tracing_memorization} names its unit and subject group,
 * coverage is per n (an analysis view over {@code tracing_pairs}), and {@code tracing_filter} and
 * {@code tracing_filter_truth} report the embedding filter; {@code memorization_spans} holds the
 * longest corpus match of each generated continuation. Version 4: {@code memorization} holds each
 * row's extraction probability by sampling, and {@code membership} the membership inference scores
 * of trained and held-out rows.
 */
public final class ResultsDatabase implements AutoCloseable {
  public static final String FORMAT = "memtrace-results";
  public static final int SCHEMA_VERSION = 4;

  private final Path file;
  private final DuckDBConnection connection;
  private volatile int queryTimeoutSeconds;

  private ResultsDatabase(Path file, DuckDBConnection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * The storage format of a new database file. DuckDB 2.0 writes format 69 by default, which no
   * DuckDB 1.x reads; DuckDB 1.4 (the long-term support line most installations run) and later read
   * what 2.0 writes as v1.4.0.
   */
  public enum StorageVersion {
    /** Readable by DuckDB 1.4 and later: the default. */
    V1_4("v1.4.0"),
    /** The newest format of the DuckDB memtrace runs (2.0): only DuckDB 2.0 and later read it. */
    LATEST("latest");

    private final String name;

    StorageVersion(String name) {
      this.name = name;
    }

    /** As DuckDB names it ({@code storage_compatibility_version}), and as memtrace records it. */
    public String label() {
      return name;
    }
  }

  /** Opens {@code file}, creating it readable by DuckDB 1.4 and later when it does not exist. */
  public static ResultsDatabase open(Path file) throws IOException {
    return open(file, StorageVersion.V1_4);
  }

  /**
   * Opens {@code file}, or creates it in {@code storage} (an existing database keeps its own);
   * fails on a database that is not memtrace's of this schema version.
   */
  public static ResultsDatabase open(Path file, StorageVersion storage) throws IOException {
    boolean fresh = !Files.exists(file);
    if (file.getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
    Properties config = new Properties();
    if (fresh) config.setProperty("storage_compatibility_version", storage.label());
    DuckDBConnection c = connect(file, config);
    ResultsDatabase db = new ResultsDatabase(file, c);
    try {
      if (fresh || !db.hasTable("memtrace_meta")) {
        if (!fresh && !db.tables().isEmpty()) {
          c.close();
          throw BadInputException.in(file, "is a DuckDB database but not memtrace's results");
        }
        db.transaction(
            t -> {
              try (Statement s = t.createStatement()) {
                s.execute("CREATE TABLE memtrace_meta (key VARCHAR PRIMARY KEY, value VARCHAR)");
                s.execute(
                    "INSERT INTO memtrace_meta VALUES ('format', '"
                        + FORMAT
                        + "'), ('schema_version', '"
                        + SCHEMA_VERSION
                        + "'), ('storage_version', '"
                        + storage.label()
                        + "')");
              }
              ResultsSchema.create(t);
            });
      } else {
        db.checkFormat();
      }
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return db;
  }

  /**
   * Opens an existing database only to read it (listing, export, the report): nothing is written to
   * it, so it may sit on read-only media or be shared.
   */
  public static ResultsDatabase openReadOnly(Path file) throws IOException {
    if (!Files.exists(file)) throw BadInputException.in(file, "no such database");
    Properties config = new Properties();
    config.setProperty("duckdb.read_only", "true");
    DuckDBConnection c = connect(file, config);
    ResultsDatabase db = new ResultsDatabase(file, c);
    try {
      if (!db.hasTable("memtrace_meta")) {
        c.close();
        throw BadInputException.in(file, "is a DuckDB database but not memtrace's results");
      }
      db.checkFormat();
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return db;
  }

  private static DuckDBConnection connect(Path file, Properties config) throws BadInputException {
    if (file.toAbsolutePath().toString().contains(";")) {
      // DuckDB's JDBC URL has no quoting: the rest would open another file with options.
      throw BadInputException.in(
          file,
          "DuckDB reads a ';' in a database path as the start of connection options; give a path"
              + " without ';'");
    }
    try {
      return (DuckDBConnection)
          DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), config);
    } catch (SQLException e) {
      throw BadInputException.in(file, "cannot open as a DuckDB database: " + e.getMessage());
    }
  }

  /** Refuses (and closes) a database of another format or schema version. */
  private void checkFormat() throws SQLException, BadInputException {
    String format = meta("format");
    String version = meta("schema_version");
    if (!FORMAT.equals(format) || !String.valueOf(SCHEMA_VERSION).equals(version)) {
      connection.close();
      throw BadInputException.in(
          file,
          "holds results of format "
              + format
              + " version "
              + version
              + "; this memtrace writes "
              + FORMAT
              + " version "
              + SCHEMA_VERSION
              + "; write into a new database (or use the memtrace that wrote it)");
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Cancels a query of {@link #prepare} or {@link #statement} that runs longer than {@code seconds}
   * (0: never): it then fails with a {@link java.sql.SQLTimeoutException}. For readers that must
   * stay responsive, such as the web UI.
   */
  public void setQueryTimeout(int seconds) {
    if (seconds < 0) throw new IllegalArgumentException("timeout " + seconds + " s");
    this.queryTimeoutSeconds = seconds;
  }

  /** A statement for {@code sql}, under the query timeout. */
  public java.sql.PreparedStatement prepare(String sql) throws SQLException {
    java.sql.PreparedStatement p = connection.prepareStatement(sql);
    p.setQueryTimeout(queryTimeoutSeconds);
    return p;
  }

  /** A statement, under the query timeout. */
  public Statement statement() throws SQLException {
    Statement s = connection.createStatement();
    s.setQueryTimeout(queryTimeoutSeconds);
    return s;
  }

  public DuckDBConnection connection() {
    return connection;
  }

  /** A value of {@code memtrace_meta}, or null. */
  public String meta(String key) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT value FROM memtrace_meta WHERE key = ?")) {
      p.setString(1, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  public void setMeta(String key, String value) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("INSERT OR REPLACE INTO memtrace_meta VALUES (?, ?)")) {
      p.setString(1, key);
      p.setString(2, value);
      p.execute();
    }
  }

  public boolean hasTable(String name) throws SQLException {
    return tables().contains(name);
  }

  /** The tables of the main schema, sorted by name. */
  public List<String> tables() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                    + " ORDER BY table_name")) {
      while (r.next()) out.add(r.getString(1));
    }
    return out;
  }

  public long rowCount(String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none. */
  public void transaction(SqlWork work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      work.run(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Work inside a transaction. */
  public interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  /** A SQL identifier in double quotes. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
