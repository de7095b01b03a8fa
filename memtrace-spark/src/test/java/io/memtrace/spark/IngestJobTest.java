package io.memtrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusInputs;
import io.memtrace.corpus.TextSplit;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ingest writes the store of the single-JVM ingest, byte for byte. */
class IngestJobTest {
  @TempDir Path dir;

  @Test
  void storeEqualsTheSingleJvmIngestsByteForByte() throws Exception {
    assertSameAsSingleJvm(TaskProbe.NONE, "once");
  }

  @Test
  void aTaskFailedAfterWritingIsRetriedAndTheStoreIsTheSame() throws Exception {
    assertSameAsSingleJvm(LocalSpark.failFirstAttempts(), "retried");
  }

  private void assertSameAsSingleJvm(TaskProbe probe, String name) throws Exception {
    Path corpus = dir.resolve("corpus");
    LocalSpark.jsonlFiles(corpus, 7, 30, 3);
    List<String> inputs = List.of(corpus.toString());
    Path single = dir.resolve("single");
    try (Tokenizer tokenizer = Tokenizer.load(LocalSpark.TOKENIZER)) {
      CorpusIngest.run(
          CorpusInputs.resolve(inputs, TextSplit.PARAGRAPH, "text"),
          tokenizer,
          single,
          true,
          Progress.NONE);
    }
    Path spark = dir.resolve(name);
    var result =
        IngestJob.run(
            LocalSpark.session(),
            new IngestJob.Settings(
                inputs, LocalSpark.TOKENIZER, spark, TextSplit.PARAGRAPH, "text", true, 3),
            probe);

    assertThat(result.partitions()).isEqualTo(3);
    assertThat(Files.readAllBytes(dir.resolve(name + ".bin")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.bin")));
    assertThat(Files.readAllBytes(dir.resolve(name + ".idx")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.idx")));
    assertThat(StoreMetadata.readIfPresent(spark)).isEqualTo(StoreMetadata.readIfPresent(single));
    assertThat(dir.resolve(name + IngestJob.PARTS)).doesNotExist();
  }

  @Test
  void groupsAreConsecutiveAndCoverEveryFile() throws Exception {
    List<Path> files = LocalSpark.jsonlFiles(dir.resolve("g"), 10, 20, 9);
    for (int p = 1; p <= 12; p++) {
      List<List<String>> groups = IngestJob.groups(files, p);
      assertThat(groups).hasSize(Math.min(p, files.size())).allMatch(g -> !g.isEmpty());
      assertThat(groups.stream().flatMap(List::stream).toList())
          .isEqualTo(files.stream().map(f -> f.toAbsolutePath().toString()).toList());
    }
  }
}
