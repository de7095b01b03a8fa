package io.memtrace.spark;

import io.memtrace.BadInputException;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.stats.Bleu;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowScorer;
import io.memtrace.studies.results.MemorizationParquet;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Study A's memorization scores by Spark: the driver selects the rows as {@code memorize} does
 * ({@link MemorizationRunner#selectRows}) and cuts them, per model and context size, into parts of
 * whole batches; each task scores one part with the executor's {@link RowScorer} of that model
 * (opened once per executor, weights memory-mapped, shared by its tasks) and Spark writes the rows
 * as Parquet, one directory {@code part=NAME} per part, published by its commit protocol when the
 * job succeeds. A rerun scores only the parts not written yet. {@code memtrace results import} then
 * adds them to a results database ({@link MemorizationParquet}); Spark SQL reads them as they are.
 *
 * <p>Batches are the ones {@code memorize} forms for a fresh database (consecutive selected rows,
 * {@code batchRows} at a time), so every score is computed exactly as there.
 */
public final class MemorizeJob {
  static final String PART = "part";

  private MemorizeJob() {}

  /**
   * @param memorization the rows, models and sizes, as {@code memorize} takes them (its index and
   *     held-out rows are not used: continuation spans and non-member scores stay with {@code
   *     memorize})
   * @param out the output directory, a path or a Hadoop file system URI
   * @param batchesPerPart batches of {@code batchRows} rows one task scores
   */
  public record Settings(MemorizationSettings memorization, String out, int batchesPerPart) {}

  /**
   * @param parts parts of the selection, and of those the ones this run scored
   */
  public record Result(int rows, int parts, int scored, long scoredRows, double seconds) {
    public double rowsPerSecond() {
      return scoredRows / seconds;
    }
  }

  /** One task's work. */
  private record Part(
      String name,
      String model,
      String modelDir,
      String family,
      int context,
      long[] rows,
      Integer[] duplicates)
      implements Serializable {}

  /** What every task needs of the settings. */
  private record Scoring(
      String rows,
      Integer rowLength,
      int[] continuations,
      int batchRows,
      int threads,
      boolean eosSuppressed,
      int topK)
      implements Serializable {}

  public static Result run(SparkSession spark, Settings s, TaskProbe probe) throws IOException {
    long start = System.nanoTime();
    MemorizationSettings m = s.memorization();
    if (s.batchesPerPart() < 1)
      throw new BadInputException("--batches-per-part must be at least 1");
    MemorizationRunner.Selected selected;
    try (TokenStore store =
        m.rowLength() == null
            ? TokenStore.open(m.rows())
            : TokenStore.openRows(m.rows(), m.rowLength(), TokenDtype.U16)) {
      selected = MemorizationRunner.selectRows(m, store);
    }
    OutputDirectory out = OutputDirectory.of(s.out(), spark.sparkContext().hadoopConfiguration());
    out.prepare(
        name -> name.startsWith(PART + "=") || name.startsWith("_") || name.startsWith("."),
        "the scores of spark memorize",
        false,
        name -> false);
    byte[] description =
        MemorizationParquet.Description.of(
                m.models(), m.rows(), m.rowLength(), m.eosSuppressed(), m.topK())
            .toJson();
    checkSameJob(out, description);
    Set<String> done = new HashSet<>();
    for (FileStatus f : out.fileSystem().listStatus(out.root())) {
      if (f.isDirectory() && f.getPath().getName().startsWith(PART + "=")) {
        done.add(f.getPath().getName().substring(PART.length() + 1));
      }
    }
    List<Part> parts = parts(m, selected, s.batchesPerPart());
    List<Part> todo = parts.stream().filter(p -> !done.contains(p.name())).toList();
    long rows = 0;
    for (Part p : todo) rows += p.rows().length;
    if (!todo.isEmpty()) {
      Scoring scoring =
          new Scoring(
              m.rows().toAbsolutePath().toString(),
              m.rowLength(),
              m.continuations().stream().mapToInt(Integer::intValue).toArray(),
              m.batchRows(),
              m.threads(),
              m.eosSuppressed(),
              m.topK());
      JavaRDD<Row> scored =
          new JavaSparkContext(spark.sparkContext())
              .parallelize(todo, todo.size())
              .mapPartitions(it -> score(scoring, it.next(), probe));
      spark
          .createDataFrame(scored, schema())
          .write()
          .mode(SaveMode.Overwrite)
          .option("partitionOverwriteMode", "dynamic")
          .partitionBy(PART)
          .parquet(out.root().toString());
    }
    out.write(MemorizationParquet.DESCRIPTION, description);
    return new Result(
        selected.rows().length, parts.size(), todo.size(), rows, (System.nanoTime() - start) / 1e9);
  }

  /** A rerun must be the same job: same models, rows and settings. */
  private static void checkSameJob(OutputDirectory out, byte[] description) throws IOException {
    if (!out.exists(MemorizationParquet.DESCRIPTION)) return;
    byte[] stored;
    try (InputStream in = out.fileSystem().open(out.resolve(MemorizationParquet.DESCRIPTION))) {
      stored = in.readAllBytes();
    }
    if (!Arrays.equals(stored, description)) {
      throw new BadInputException(
          out.resolve(MemorizationParquet.DESCRIPTION)
              + ": holds the scores of other models, rows or settings; choose another output");
    }
  }

  /**
   * Parts of whole batches of the selected rows, per model and context, named {@code
   * M<model>-C<context>-<number>} (the model's position in the list).
   */
  private static List<Part> parts(
      MemorizationSettings m, MemorizationRunner.Selected selected, int batchesPerPart) {
    List<Part> out = new ArrayList<>();
    long[] rows = selected.rows();
    int size = m.batchRows() * batchesPerPart;
    for (int k = 0; k < m.models().size(); k++) {
      ModelRef model = m.models().get(k);
      for (int c : m.contexts()) {
        for (int from = 0, n = 0; from < rows.length; from += size, n++) {
          long[] ids = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + size));
          Integer[] dup = new Integer[ids.length];
          for (int i = 0; i < ids.length; i++) dup[i] = selected.duplicates(ids[i]);
          out.add(
              new Part(
                  "M%d-C%d-%05d".formatted(k, c, n),
                  model.name(),
                  model.dir().toAbsolutePath().normalize().toString(),
                  model.family(),
                  c,
                  ids,
                  dup));
        }
      }
    }
    return out;
  }

  private static Iterator<Row> score(Scoring s, Part part, TaskProbe probe) throws IOException {
    TaskContext task = TaskContext.get();
    RowScorer scorer = ExecutorCache.scorer(model(part), s.threads(), s.eosSuppressed(), s.topK());
    TokenStore store = ExecutorCache.store(Path.of(s.rows()), s.rowLength());
    List<Row> out = new ArrayList<>();
    long[] rows = part.rows();
    for (int i = 0; i < rows.length; i += s.batchRows()) {
      int n = Math.min(s.batchRows(), rows.length - i);
      long[] ids = Arrays.copyOfRange(rows, i, i + n);
      RowMemorization[][] scored =
          scorer.score(store, Path.of(s.rows()), ids, part.context(), s.continuations());
      for (RowMemorization[] ofSize : scored) {
        for (int k = 0; k < ofSize.length; k++) {
          out.add(row(part, ofSize[k], part.duplicates()[i + k], s.topK()));
        }
      }
    }
    // Spark writes the rows as it takes them: a failure half way leaves a half-written file of
    // this attempt, which the commit protocol must never publish.
    int half = out.size() / 2;
    Iterator<Row> rowsOut = out.iterator();
    return new Iterator<>() {
      int given;

      @Override
      public boolean hasNext() {
        return rowsOut.hasNext();
      }

      @Override
      public Row next() {
        if (given++ == half) probe.reached("written", task.partitionId(), task.attemptNumber());
        return rowsOut.next();
      }
    };
  }

  /**
   * The part's model: the driver's directory where this executor sees it (a shared file system),
   * else a hub model ({@code OWNER/NAME@REVISION}) fetched into this executor's Hugging Face cache.
   */
  private static ModelRef model(Part part) throws IOException {
    Path dir = Path.of(part.modelDir());
    int at = part.model().lastIndexOf('@');
    if (Files.isDirectory(dir) || at < 0) return new ModelRef(part.model(), dir, part.family());
    ModelRef fetched =
        ModelRef.resolve(
            Path.of(part.model().substring(0, at)),
            part.model().substring(at + 1),
            false,
            Reporter.SILENT);
    return new ModelRef(part.model(), fetched.dir(), part.family());
  }

  private static Row row(Part part, RowMemorization m, Integer duplicates, int topK) {
    List<Integer> generated = Arrays.stream(m.generated()).boxed().toList();
    List<Float> entropy = new ArrayList<>(m.entropy().length);
    for (float e : m.entropy()) entropy.add(e);
    return RowFactory.create(
        part.model(),
        m.row(),
        m.context(),
        m.continuation(),
        m.score(),
        m.matches(),
        m.exact(),
        m.firstMismatch(),
        // Spark's rows take arrays as Scala sequences
        CollectionConverters.asScala(generated).toSeq(),
        CollectionConverters.asScala(entropy).toSeq(),
        m.teacherForcedAccuracy(),
        m.editDistance(),
        m.bleu(),
        m.bleu() >= Bleu.APPROXIMATE_MEMORIZATION,
        duplicates,
        m.extractionLogprob(),
        topK == 0 ? null : topK,
        topK == 0 ? null : m.extractionTopKLogprob(),
        m.membership().loss(),
        m.membership().zlibRatio(),
        m.membership().minK(),
        m.membership().minKPlusPlus(),
        part.name());
  }

  /** {@link MemorizationParquet#COLUMNS} with the memorization table's types, then the part. */
  static StructType schema() {
    List<DataType> types =
        List.of(
            DataTypes.StringType,
            DataTypes.LongType,
            DataTypes.IntegerType,
            DataTypes.IntegerType,
            DataTypes.DoubleType,
            DataTypes.IntegerType,
            DataTypes.BooleanType,
            DataTypes.IntegerType,
            DataTypes.createArrayType(DataTypes.IntegerType, false),
            DataTypes.createArrayType(DataTypes.FloatType, false),
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.BooleanType,
            DataTypes.IntegerType,
            DataTypes.DoubleType,
            DataTypes.IntegerType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType);
    List<String> names = MemorizationParquet.COLUMNS;
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean nullable =
          names.get(i).equals("duplicates") || names.get(i).startsWith("extraction_top_k");
      fields.add(DataTypes.createStructField(names.get(i), types.get(i), nullable));
    }
    fields.add(DataTypes.createStructField(PART, DataTypes.StringType, false));
    return DataTypes.createStructType(fields);
  }
}
