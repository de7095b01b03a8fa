package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Mutations;
import io.memtrace.Progress;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An index with one file mutated either fails to open or verify with a message naming that file, or
 * the mutation changed nothing: every file has a checksum, so no damaged index answers.
 */
class IndexFuzzTest {
  @TempDir static Path built;

  private static final List<int[]> DOCS =
      List.of(new int[] {1, 2, 3, 1, 2}, new int[] {}, new int[] {2, 3}, new int[] {4, 1, 2});

  @BeforeAll
  static void build() throws IOException {
    Path prefix = built.resolve("s");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 70_000)) {
      for (int[] d : DOCS) w.add(d);
      w.commit();
    }
    try (TokenStore s = TokenStore.open(prefix)) {
      IndexWriter.build(
          s,
          StoreMetadata.readIfPresent(prefix),
          built.resolve("index"),
          new IndexWriter.Options(1L << 30, 1),
          Progress.NONE);
    }
  }

  static Stream<String> indexFiles() throws IOException {
    try (Stream<Path> files = Files.list(built.resolve("index"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexFiles")
  void oneMutatedFileFailsNamingItOrChangedNothing(String name, @TempDir Path dir)
      throws IOException {
    Path index = dir.resolve("index");
    Files.createDirectories(index);
    for (String f : indexFiles().toList()) {
      Files.copy(built.resolve("index").resolve(f), index.resolve(f));
    }
    Path file = index.resolve(name);
    byte[] valid = Files.readAllBytes(file);
    int perFile = Math.max(100, Mutations.cases() / (int) indexFiles().count());
    Mutations.run(
        valid,
        1,
        perFile,
        name,
        input -> {
          Files.write(file, input);
          try (IndexReader reader = IndexReader.open(index)) {
            reader.verify(Progress.NONE);
            assertThat(input).as("a mutated index verified").isEqualTo(valid);
            assertThat(reader.count(new int[] {1, 2})).isEqualTo(3);
            assertThat(Arrays.equals(input, valid)).isTrue();
          }
        });
  }
}
