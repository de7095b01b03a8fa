package io.memtrace.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonLine;
import io.memtrace.Utf8Lines;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.NgramDocuments;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.TaskGramMiner;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.roaringbitmap.RoaringBitmap;

/**
 * Study B's counting by Spark: the document co-occurrence counts of task-gram pairs (input n-gram,
 * output n-gram), one task per index shard. A task finds the documents of each n-gram of the pairs
 * in its shard ({@link DocumentSets#inShard}: the union of its spellings, {@link
 * NgramDocuments#variants}) and counts, per pair, the documents of each side, of both, and the
 * input's occurrences; shards hold disjoint documents, so the sums over shards Spark reduces are
 * the counts of the whole index, as {@code trace} computes them. The counts are written as Parquet
 * by Spark's commit protocol.
 *
 * <pre>
 * PAIRS.jsonl := one {"input": TEXT, "output": TEXT} per line (or a task's candidates)
 * OUT/*.parquet := pair INT (position in the pairs, from 0), input VARCHAR, output VARCHAR,
 *                  documents_input BIGINT, documents_output BIGINT, documents_both BIGINT,
 *                  occurrences_input BIGINT          (column names as in tracing_pairs)
 * </pre>
 */
public final class PairCountJob {
  private PairCountJob() {}

  /** A task-gram pair: an n-gram of an example's input and one of its output. */
  public record Pair(String input, String output) implements Serializable {}

  /**
   * @param index the index directory, on a file system every executor mounts
   * @param pairs the pairs to count ({@link #read} a file, or {@link #candidates} of a task)
   * @param tokenizer the index's tokenizer.json; null for the one the index records
   * @param out the output directory, a path or a Hadoop file system URI
   */
  public record Settings(Path index, List<Pair> pairs, Path tokenizer, String out) {
    public Settings {
      pairs = List.copyOf(pairs);
    }
  }

  /**
   * Study B's candidate pairs of {@code tasks} for n in {@code minN..maxN}: every input n-gram
   * crossed with every output n-gram of each example ({@link TaskGramMiner#candidates}), before the
   * embedding filter; each distinct pair once.
   */
  public static List<Pair> candidates(List<Task> tasks, int minN, int maxN) {
    LinkedHashSet<Pair> out = new LinkedHashSet<>();
    for (Task task : tasks) {
      for (TaskGramMiner.Candidate c : TaskGramMiner.candidates(task, minN, maxN)) {
        out.add(new Pair(c.input().text(), c.output().text()));
      }
    }
    return List.copyOf(out);
  }

  /** One pair and its counts. */
  public record Counted(
      String input,
      String output,
      long documentsInput,
      long documentsOutput,
      long documentsBoth,
      long occurrencesInput) {}

  public record Result(List<Counted> pairs, int shards, double seconds) {}

  public static Result run(SparkSession spark, Settings s, TaskProbe probe) throws IOException {
    long start = System.nanoTime();
    List<Pair> pairs = s.pairs();
    if (pairs.isEmpty()) throw new BadInputException("no pairs to count");
    Map<String, Integer> ngrams = new LinkedHashMap<>();
    int[][] sides = new int[pairs.size()][2];
    for (int p = 0; p < pairs.size(); p++) {
      for (int k = 0; k < 2; k++) {
        String text = k == 0 ? pairs.get(p).input() : pairs.get(p).output();
        sides[p][k] = ngrams.computeIfAbsent(text, t -> ngrams.size());
      }
    }
    List<List<int[]>> variants = new ArrayList<>();
    int shards;
    IndexReader index = ExecutorCache.index(s.index());
    try (Tokenizer tokenizer = index.tokenizer(s.tokenizer())) {
      NgramDocuments spellings = new NgramDocuments(index, tokenizer);
      for (String text : ngrams.keySet()) {
        List<int[]> v = spellings.variants(text);
        if (v.isEmpty()) throw new BadInputException("the n-gram '" + text + "' has no tokens");
        for (int[] t : v) index.check(t, "n-gram '" + text + "'");
        variants.add(v);
      }
      shards = index.shards().size();
    }
    String dir = s.index().toAbsolutePath().toString();
    long[][] sums =
        new JavaSparkContext(spark.sparkContext())
            .parallelize(IntStream.range(0, shards).boxed().toList(), shards)
            .map(shard -> countShard(dir, shard, variants, sides, probe))
            .reduce(PairCountJob::add);
    List<Counted> counted = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < pairs.size(); p++) {
      long[] c = sums[p];
      Pair pair = pairs.get(p);
      counted.add(new Counted(pair.input(), pair.output(), c[0], c[1], c[2], c[3]));
      rows.add(RowFactory.create(p, pair.input(), pair.output(), c[0], c[1], c[2], c[3]));
    }
    spark
        .createDataFrame(rows, schema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(
            OutputDirectory.of(s.out(), spark.sparkContext().hadoopConfiguration())
                .root()
                .toString());
    return new Result(counted, shards, (System.nanoTime() - start) / 1e9);
  }

  /** Per pair: documents of the input, of the output, of both, occurrences of the input. */
  private static long[][] countShard(
      String dir, int shard, List<List<int[]>> variants, int[][] sides, TaskProbe probe)
      throws IOException {
    IndexReader index = ExecutorCache.index(Path.of(dir));
    List<DocumentSets.InShard> found = new ArrayList<>();
    for (List<int[]> v : variants) found.add(DocumentSets.inShard(index, shard, v));
    long[][] out = new long[sides.length][4];
    for (int p = 0; p < sides.length; p++) {
      DocumentSets.InShard x = found.get(sides[p][0]);
      DocumentSets.InShard y = found.get(sides[p][1]);
      out[p][0] = x.documents().getLongCardinality();
      out[p][1] = y.documents().getLongCardinality();
      out[p][2] = RoaringBitmap.andCardinality(x.documents(), y.documents());
      out[p][3] = x.occurrences();
    }
    TaskContext task = TaskContext.get();
    probe.reached("written", task.partitionId(), task.attemptNumber());
    return out;
  }

  private static long[][] add(long[][] a, long[][] b) {
    long[][] out = new long[a.length][];
    for (int p = 0; p < a.length; p++) {
      out[p] = new long[a[p].length];
      for (int k = 0; k < a[p].length; k++) out[p][k] = a[p][k] + b[p][k];
    }
    return out;
  }

  /** The pairs of a JSON Lines file, in order. */
  public static List<Pair> read(Path file) throws IOException {
    List<Pair> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        Utf8Lines lines = new Utf8Lines(in, file.toString())) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) continue;
        JsonNode node = JsonLine.read(line, lines.where());
        JsonNode input = node.get("input");
        JsonNode output = node.get("output");
        if (input == null || !input.isTextual() || output == null || !output.isTextual()) {
          throw new BadInputException(
              lines.where() + ": expected {\"input\": TEXT, \"output\": TEXT}");
        }
        out.add(new Pair(input.asText(), output.asText()));
      }
    }
    if (out.isEmpty()) throw BadInputException.in(file, "holds no pairs");
    return out;
  }

  static StructType schema() {
    return DataTypes.createStructType(
        List.of(
            DataTypes.createStructField("pair", DataTypes.IntegerType, false),
            DataTypes.createStructField("input", DataTypes.StringType, false),
            DataTypes.createStructField("output", DataTypes.StringType, false),
            DataTypes.createStructField("documents_input", DataTypes.LongType, false),
            DataTypes.createStructField("documents_output", DataTypes.LongType, false),
            DataTypes.createStructField("documents_both", DataTypes.LongType, false),
            DataTypes.createStructField("occurrences_input", DataTypes.LongType, false)));
  }
}
