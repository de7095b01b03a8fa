package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusSample;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.corpus.TextFileSource;
import io.memtrace.corpus.TextSplit;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus ingest and the index build, killed at seeded random moments in a child process, then
 * run again to completion: the result equals that of an uninterrupted run and no temporary file
 * remains. A killed build never leaves a partial index in place of the old one.
 */
class KilledWritersTest {
  private static final int TRIALS = KilledChild.trials(6);

  @TempDir Path dir;

  /** The child process: {@code ingest TOKENIZER TEXT PREFIX} or {@code index STORE OUT MEMORY}. */
  public static void main(String[] args) throws IOException {
    KilledChild.writing();
    if (args[0].equals("ingest")) ingest(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    else index(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
  }

  private static void ingest(Path tokenizer, Path text, Path prefix) throws IOException {
    try (Tokenizer tok = Tokenizer.load(tokenizer)) {
      CorpusIngest.run(
          new TextFileSource(text, TextSplit.PARAGRAPH), tok, prefix, true, Progress.NONE);
    }
  }

  private static void index(Path store, Path out, long memory) throws IOException {
    try (TokenStore s = TokenStore.open(store)) {
      IndexWriter.build(
          s,
          StoreMetadata.readIfPresent(store),
          out,
          new IndexWriter.Options(memory, 1),
          Progress.NONE);
    }
  }

  @Test
  void aKilledIngestOrBuildRunAgainEqualsAnUninterruptedOne() throws Exception {
    List<String> sample = CorpusSample.firstTexts(new EuroparlCorpus(), 400_000, Progress.NONE);
    Path tokenizer = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(
        new BpeTrainer(400, List.of("<|endoftext|>")).train(sample.stream()), tokenizer);
    Path text = dir.resolve("corpus.txt");
    Files.writeString(text, String.join("\n\n", sample));
    Random random = new Random(20261202);

    Path reference = Files.createDirectories(dir.resolve("reference")).resolve("store");
    long ingestMillis =
        KilledChild.run(KilledWritersTest.class, "ingest", tokenizer, text, reference);
    Path runs = Files.createDirectories(dir.resolve("ingests"));
    Path prefix = runs.resolve("store");
    for (int trial = 0; trial < TRIALS; trial++) {
      KilledChild.killAtRandom(
          random, ingestMillis, KilledWritersTest.class, "ingest", tokenizer, text, prefix);
      ingest(tokenizer, text, prefix);
      for (String suffix : List.of(".bin", ".idx", ".meta.json")) {
        assertThat(Files.readAllBytes(Path.of(prefix + suffix)))
            .as("trial %d: %s", trial, suffix)
            .isEqualTo(Files.readAllBytes(Path.of(reference + suffix)));
      }
      assertThat(names(runs))
          .containsExactlyInAnyOrder("store.bin", "store.idx", "store.meta.json");
    }

    long memory;
    try (TokenStore s = TokenStore.open(reference)) {
      memory = IndexWriter.shardPeakBytes(s.tokenCount() / 6, s.documentCount() / 6, 400);
    }
    Path referenceIndex = dir.resolve("reference.index");
    long indexMillis =
        KilledChild.run(KilledWritersTest.class, "index", reference, referenceIndex, memory);
    Path indexes = Files.createDirectories(dir.resolve("indexes"));
    Path out = indexes.resolve("index");
    for (int trial = 0; trial < TRIALS; trial++) {
      KilledChild.killAtRandom(
          random, indexMillis, KilledWritersTest.class, "index", reference, out, memory);
      if (Files.exists(out)) {
        try (IndexReader left = IndexReader.open(out)) {
          left.verify(Progress.NONE);
        }
      }
      index(reference, out, memory);
      assertThat(names(indexes)).containsExactly("index");
      assertThat(names(out)).isEqualTo(names(referenceIndex));
      assertThat(names(out)).hasSizeGreaterThan(4);
      for (String name : names(referenceIndex)) {
        assertThat(withoutIdAndChecksum(out.resolve(name)))
            .as("trial %d: %s", trial, name)
            .isEqualTo(withoutIdAndChecksum(referenceIndex.resolve(name)));
      }
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** The file's bytes but for its header (which holds the build's random id) and checksum. */
  private static byte[] withoutIdAndChecksum(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int header = 4 + 1 + Byte.toUnsignedInt(bytes[4]) + 4 + 16 + 8 + 4;
    return Arrays.copyOfRange(bytes, header, bytes.length - 8);
  }
}
