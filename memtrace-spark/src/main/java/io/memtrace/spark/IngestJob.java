package io.memtrace.spark;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusInputs;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.corpus.TextSplit;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Corpus ingest by Spark: the input files (in the order {@code memtrace corpus ingest} reads them)
 * are cut into consecutive groups of about equal bytes, each task tokenizes one group with {@link
 * CorpusIngest#run} into a store of its own under {@code OUT.spark-parts/}, named for its attempt,
 * and the driver, once every task has succeeded, concatenates the stores of the attempts it got
 * results from ({@link CorpusIngest#concatenate}) into the store at {@code OUT}: byte for byte the
 * store and metadata a single-JVM ingest of the same inputs writes.
 *
 * <p>Stores are memory-mapped where they are read, so the inputs, the parts and the output are
 * paths on a file system every executor mounts (local in local mode).
 */
public final class IngestJob {
  /** Suffix of the directory beside the output that holds the tasks' stores. */
  static final String PARTS = ".spark-parts";

  private IngestJob() {}

  /**
   * @param inputs files and directories, as {@code corpus ingest --input} takes them (not {@code
   *     europarl})
   * @param tokenizer the tokenizer.json every task encodes with
   * @param out the store's path prefix
   * @param partitions how many groups of files at most (at most one per file)
   */
  public record Settings(
      List<String> inputs,
      Path tokenizer,
      Path out,
      TextSplit split,
      String textField,
      boolean appendEos,
      int partitions) {
    public Settings {
      inputs = List.copyOf(inputs);
    }
  }

  public record Result(CorpusIngest.Result store, int partitions, double seconds) {}

  private record Part(int group, String prefix) implements Serializable {}

  /** What a task needs of the settings. */
  private record Reading(String tokenizer, TextSplit split, String textField, boolean appendEos)
      implements Serializable {}

  public static Result run(SparkSession spark, Settings s, TaskProbe probe) throws IOException {
    long start = System.nanoTime();
    if (s.partitions() < 1) throw new BadInputException("--partitions must be at least 1");
    List<Path> files = CorpusInputs.files(s.inputs());
    List<List<String>> groups = groups(files, s.partitions());
    Path parts = s.out().toAbsolutePath().resolveSibling(s.out().getFileName() + PARTS);
    OutputDirectory.deleteLocalTree(parts); // what a failed run left
    Files.createDirectories(parts);
    try {
      String partsDir = parts.toString();
      Reading reading =
          new Reading(
              s.tokenizer().toAbsolutePath().toString(), s.split(), s.textField(), s.appendEos());
      List<Part> written =
          new JavaSparkContext(spark.sparkContext())
              .parallelize(IntStream.range(0, groups.size()).boxed().toList(), groups.size())
              .map(g -> ingest(reading, groups.get(g), g, partsDir, probe))
              .collect();
      List<Path> prefixes =
          written.stream()
              .sorted(Comparator.comparingInt(Part::group))
              .map(p -> Path.of(p.prefix()))
              .toList();
      DocumentSource all = CorpusInputs.resolve(s.inputs(), s.split(), s.textField());
      try (Tokenizer tokenizer = Tokenizer.load(s.tokenizer())) {
        CorpusIngest.Result store =
            CorpusIngest.concatenate(prefixes, all, tokenizer, s.appendEos(), s.out());
        return new Result(store, groups.size(), (System.nanoTime() - start) / 1e9);
      }
    } finally {
      OutputDirectory.deleteLocalTree(parts);
    }
  }

  private static Part ingest(
      Reading s, List<String> files, int group, String partsDir, TaskProbe probe)
      throws IOException {
    TaskContext task = TaskContext.get();
    Path prefix =
        Path.of(partsDir).resolve("part-%05d-attempt-%d".formatted(group, task.taskAttemptId()));
    DocumentSource source = CorpusInputs.resolve(files, s.split(), s.textField());
    CorpusIngest.run(
        source,
        ExecutorCache.tokenizer(Path.of(s.tokenizer())),
        prefix,
        s.appendEos(),
        Progress.NONE);
    probe.reached("written", task.partitionId(), task.attemptNumber());
    return new Part(group, prefix.toString());
  }

  /** Consecutive groups of files of about equal bytes, at most {@code partitions}. */
  static List<List<String>> groups(List<Path> files, int partitions) throws IOException {
    long total = 0;
    long[] sizes = new long[files.size()];
    for (int i = 0; i < sizes.length; i++) total += sizes[i] = Files.size(files.get(i));
    int n = Math.min(partitions, files.size());
    List<List<String>> out = new ArrayList<>();
    List<String> group = new ArrayList<>();
    long sum = 0;
    for (int i = 0; i < files.size(); i++) {
      group.add(files.get(i).toAbsolutePath().toString()); // executors have other working dirs
      sum += sizes[i];
      int left = files.size() - i - 1;
      boolean full = sum * n >= total * (out.size() + 1);
      if ((full || left == n - out.size() - 1) && out.size() < n - 1 && left > 0) {
        out.add(List.copyOf(group));
        group.clear();
      }
    }
    out.add(List.copyOf(group));
    return out;
  }
}
