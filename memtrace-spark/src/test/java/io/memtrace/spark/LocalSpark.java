package io.memtrace.spark;

import io.memtrace.studies.StudyFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark: one session in local mode for the whole test JVM, two task slots and up to four
 * attempts per task ({@code local[2,4]}), so a test can fail a task's first attempt and see Spark
 * retry it; and the tests' corpus.
 */
final class LocalSpark {
  static final Path TOKENIZER = StudyFixtures.A.resolve("tokenizer.json");

  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,4]")
              .appName("memtrace tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
    }
    return session;
  }

  /** Fails the first attempt of every task that reaches its output. */
  static TaskProbe failFirstAttempts() {
    return (point, partition, attempt) -> {
      if (attempt == 0) {
        throw new IllegalStateException(
            "injected failure of partition " + partition + " at " + point);
      }
    };
  }

  private static final String[] WORDS = {
    "the", "house", "of", "Europe", "council", "member", "states", "vote", "on", "Germany",
    "France", "Italy", "and", "report", "commission", "policy", "a", "new", "law", "for"
  };

  /** A document of random words from a small vocabulary, so that n-grams repeat. */
  static String document(SplittableRandom random) {
    int n = 5 + random.nextInt(40);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(' ');
      b.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return b.toString();
  }

  /**
   * {@code files} JSON Lines files of documents in {@code dir}, plain, gzip and zstd by turns,
   * named so that they sort in the order written.
   */
  static List<Path> jsonlFiles(Path dir, int files, int documentsEach, long seed)
      throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    List<Path> out = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int n = 1 + random.nextInt(documentsEach);
      for (int d = 0; d < n; d++) {
        text.write(
            ("{\"text\": \"" + document(random) + "\", \"id\": " + d + "}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      String suffix = f % 3 == 0 ? ".jsonl" : f % 3 == 1 ? ".jsonl.gz" : ".jsonl.zst";
      Path file = dir.resolve("part-%03d%s".formatted(f, suffix));
      try (OutputStream out1 = Files.newOutputStream(file);
          OutputStream wrapped =
              f % 3 == 0
                  ? out1
                  : f % 3 == 1
                      ? new GZIPOutputStream(out1)
                      : new com.github.luben.zstd.ZstdOutputStream(out1)) {
        text.writeTo(wrapped);
      }
      out.add(file);
    }
    return out;
  }
}
