package io.memtrace.studies.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Study A's scores as a directory of Parquet files (what the Spark memorization job writes, one
 * directory of files per partition of rows) and their import into a results database. DuckDB reads
 * the files itself ({@code read_parquet}); nothing else is needed.
 *
 * <pre>
 * DIR/_memorization.json := UTF-8 JSON object
 *   {"format": "memtrace-memorization-parquet", "version": 1,
 *    "models": [{"name": NAME, "path": DIR, "family": NAME|null}, ...],
 *    "rows_store": PATH, "row_length": INT|null, "eos_suppressed": BOOL, "top_k": INT}
 * DIR/**&#47;*.parquet    := rows of the columns {@link #COLUMNS}: the {@code memorization} table's
 *                         ({@link MemorizationTable}) followed by the member scores of the {@code
 *                         membership} table ({@link MembershipTable}): loss, zlib_ratio, min_k,
 *                         min_k_plus_plus
 * </pre>
 *
 * Files and directories whose names start with {@code _} or {@code .} (Spark's markers and
 * temporary files) are not read.
 */
public final class MemorizationParquet {
  public static final String DESCRIPTION = "_memorization.json";
  public static final String FORMAT = "memtrace-memorization-parquet";
  public static final int VERSION = 1;

  /** The {@code memorization} table's columns, in its order. */
  public static final List<String> MEMORIZATION_COLUMNS =
      List.of(
          "model",
          "row",
          "context",
          "continuation",
          "score",
          "matches",
          "exact",
          "first_mismatch",
          "generated",
          "entropy",
          "teacher_forced_accuracy",
          "edit_distance",
          "bleu",
          "approx_memorized",
          "duplicates",
          "extraction_logprob",
          "extraction_top_k",
          "extraction_top_k_logprob");

  /** The member's membership scores, named as in the {@code membership} table. */
  public static final List<String> MEMBERSHIP_COLUMNS =
      List.of("loss", "zlib_ratio", "min_k", "min_k_plus_plus");

  /** Every column of the Parquet files, in order. */
  public static final List<String> COLUMNS =
      Stream.concat(MEMORIZATION_COLUMNS.stream(), MEMBERSHIP_COLUMNS.stream()).toList();

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private MemorizationParquet() {}

  /** One model scored, as the registry records it. */
  public record Model(String name, String path, String family) {}

  /** What the files hold: the models and the rows they were scored on, and how. */
  public record Description(
      String format,
      int version,
      List<Model> models,
      String rowsStore,
      Integer rowLength,
      boolean eosSuppressed,
      int topK) {
    public Description {
      models = List.copyOf(models);
    }

    public static Description of(
        List<ModelRef> models, Path rows, Integer rowLength, boolean eosSuppressed, int topK) {
      return new Description(
          FORMAT,
          VERSION,
          models.stream()
              .map(
                  m ->
                      new Model(
                          m.name(), m.dir().toAbsolutePath().normalize().toString(), m.family()))
              .toList(),
          rows.toAbsolutePath().normalize().toString(),
          rowLength,
          eosSuppressed,
          topK);
    }

    public byte[] toJson() throws IOException {
      return JSON.writeValueAsBytes(this);
    }

    /**
     * @param where the file, for messages
     */
    public static Description parse(byte[] json, String where) throws BadInputException {
      Description d;
      try {
        d = JSON.readValue(json, Description.class);
      } catch (IOException e) {
        throw new BadInputException(where + ": unreadable description (" + e.getMessage() + ")");
      }
      if (!FORMAT.equals(d.format()) || d.version() != VERSION) {
        throw new BadInputException(
            where
                + ": format "
                + d.format()
                + " version "
                + d.version()
                + ", expected "
                + FORMAT
                + " version "
                + VERSION);
      }
      return d;
    }
  }

  /**
   * The {@code .parquet} files under {@code dir}, in name order, leaving out whatever sits under a
   * name starting with {@code _} or {@code .} (a killed job's temporary files).
   */
  public static List<Path> parquetFiles(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(
              f -> {
                for (Path part : root.relativize(f)) {
                  String name = part.toString();
                  if (name.startsWith("_") || name.startsWith(".")) return false;
                }
                return true;
              })
          .sorted()
          .toList();
    }
  }

  /** Rows imported into each table. */
  public record Imported(long memorization, long membership) {}

  /**
   * Imports the scores in {@code dir} into the results database {@code db} (created if missing):
   * registers the models and the rows' source as {@code memorize} does, then adds the rows the
   * database does not hold yet, so an import run twice adds nothing the second time.
   */
  public static Imported importInto(Path dir, Path db) throws IOException, SQLException {
    Path file = dir.resolve(DESCRIPTION);
    if (!Files.isRegularFile(file)) {
      throw BadInputException.in(
          dir, "has no " + DESCRIPTION + ": expected the output directory of spark memorize");
    }
    Description d = Description.parse(Files.readAllBytes(file), file.toString());
    List<Path> files = parquetFiles(dir);
    if (files.isEmpty()) throw BadInputException.in(dir, "holds no Parquet files");
    String list =
        "["
            + String.join(
                ", ", files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'").toList())
            + "]";
    try (ResultsDatabase results = ResultsDatabase.open(db)) {
      for (Model m : d.models()) {
        ModelRef ref = new ModelRef(m.name(), Path.of(m.path()), m.family());
        try (LanguageModel lm = LanguageModel.load(ref.dir(), 1)) {
          ModelRegistry.register(results, ref, lm);
        }
        MemorizationTable.registerSource(
            results,
            m.name(),
            new MemorizationTable.Source(Path.of(d.rowsStore()), d.rowLength(), d.eosSuppressed()));
      }
      long[] counts = new long[2];
      results.transaction(
          c -> {
            try (Statement s = c.createStatement()) {
              String source =
                  "(SELECT * FROM read_parquet(" + list + ", hive_partitioning = false))";
              counts[0] =
                  s.executeUpdate(
                      "INSERT INTO memorization SELECT "
                          + String.join(
                              ", ", MEMORIZATION_COLUMNS.stream().map(x -> "p." + x).toList())
                          + " FROM "
                          + source
                          + " p ANTI JOIN memorization m USING (model, row, context, continuation)");
              counts[1] =
                  s.executeUpdate(
                      "INSERT INTO membership SELECT p.model, '"
                          + MembershipTable.MEMBER
                          + "', p.row, p.context, p.continuation, "
                          + String.join(
                              ", ", MEMBERSHIP_COLUMNS.stream().map(x -> "p." + x).toList())
                          + " FROM "
                          + source
                          + " p ANTI JOIN (SELECT * FROM membership WHERE split = '"
                          + MembershipTable.MEMBER
                          + "') m USING (model, row, context, continuation)");
            }
          });
      return new Imported(counts[0], counts[1]);
    }
  }
}
