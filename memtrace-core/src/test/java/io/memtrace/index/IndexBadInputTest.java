package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn, corrupted, foreign and mixed files, bad queries and bad builds: clear errors only. */
class IndexBadInputTest {
  @TempDir Path dir;

  private static final List<int[]> DOCS =
      List.of(new int[] {1, 2, 3, 1, 2}, new int[] {}, new int[] {2, 3}, new int[] {4});

  private Path store(String name, List<int[]> docs, int vocab, boolean metadata)
      throws IOException {
    Path prefix = dir.resolve(name);
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 70_000)) {
      for (int[] d : docs) w.add(d);
      w.commit();
    }
    if (metadata) {
      new StoreMetadata(
              StoreMetadata.FORMAT,
              StoreMetadata.VERSION,
              "/nowhere/tokenizer.json",
              "ab".repeat(32),
              vocab,
              null,
              false,
              List.of(name),
              docs.size(),
              docs.stream().mapToLong(d -> d.length).sum())
          .write(prefix);
    }
    return prefix;
  }

  private Path build(Path prefix, String name, long memory) throws IOException {
    Path out = dir.resolve(name);
    try (TokenStore s = TokenStore.open(prefix)) {
      IndexWriter.build(
          s,
          StoreMetadata.readIfPresent(prefix),
          out,
          new IndexWriter.Options(memory, 1),
          Progress.NONE);
    }
    return out;
  }

  private Path index() throws IOException {
    return build(store("s", DOCS, 10, true), "index", 1L << 30);
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5A);
    }
  }

  @Test
  void queriesOutsideTheVocabularyOrEmptyAreRefused() throws IOException {
    try (IndexReader index = IndexReader.open(index())) {
      assertThat(index.count(new int[] {1, 2})).isEqualTo(2);
      assertThatThrownBy(() -> index.count(new int[0]))
          .isInstanceOf(BadInputException.class)
          .hasMessage("the n-gram is empty");
      assertThatThrownBy(() -> index.count(new int[] {1, 10}))
          .isInstanceOf(BadInputException.class)
          .hasMessage("token 10 at 1 of the n-gram is outside the index's vocabulary [0, 10)");
      assertThatThrownBy(() -> index.count(new int[] {-1})).isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> NextTokens.of(index, new int[] {10}))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> InfiniGram.of(index, new int[] {1}, 10))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> Cooccurrence.documents(index, new int[] {1}, new int[0]))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> Cooccurrence.within(index, new int[] {1, 2, 3}, new int[] {1}, 2))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("window 2 is shorter");
    }
  }

  @Test
  void tokensBeyondTheDeclaredVocabularyFailTheBuild() throws IOException {
    Path prefix = store("s", DOCS, 4, true);
    assertThatThrownBy(() -> build(prefix, "index", 1L << 30))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "token 4 at position 0 of document 3 is outside the vocabulary [0, 4)");
    assertThat(dir.resolve("index")).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("building"));
    }
  }

  @Test
  void aDocumentLargerThanTheBudgetIsRefused() throws IOException {
    Path prefix = store("s", DOCS, 10, true);
    assertThatThrownBy(() -> build(prefix, "index", IndexWriter.shardPeakBytes(4, 1, 10)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("document 0 has 5 tokens")
        .hasMessageContaining("--memory");
  }

  @Test
  void aBuildReplacesAnIndexButNothingElse() throws IOException {
    Path prefix = store("s", DOCS, 10, true);
    Path out = build(prefix, "index", 1L << 30);
    build(prefix, "index", IndexWriter.shardPeakBytes(6, 6, 10));
    try (IndexReader index = IndexReader.open(out)) {
      assertThat(index.shards()).hasSizeGreaterThan(1);
      assertThat(index.count(new int[] {2, 3})).isEqualTo(2);
    }
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> build(prefix, "file", 1L << 30))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("exists and is not an index");
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/notes.txt"), "x");
    assertThatThrownBy(() -> build(prefix, "other", 1L << 30))
        .isInstanceOf(BadInputException.class);
    assertThat(dir.resolve("other/notes.txt")).exists();
  }

  @Test
  void aBuildThroughASymbolicLinkReplacesTheIndexItPointsToAndKeepsTheLink() throws IOException {
    Path prefix = store("s", DOCS, 10, true);
    Path real = build(prefix, "real", 1L << 30);
    Files.createDirectories(dir.resolve("links"));
    Path link = Files.createSymbolicLink(dir.resolve("links/index"), Path.of("../real"));
    Path chain = Files.createSymbolicLink(dir.resolve("chain"), link);
    build(prefix, "chain", IndexWriter.shardPeakBytes(6, 6, 10));
    assertThat(chain).isSymbolicLink();
    assertThat(link).isSymbolicLink();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../real"));
    assertThat(real).isDirectory().isNotEqualTo(link);
    assertThat(Files.isSymbolicLink(real)).isFalse();
    try (IndexReader index = IndexReader.open(real)) {
      assertThat(index.shards()).hasSizeGreaterThan(1);
      assertThat(index.count(new int[] {2, 3})).isEqualTo(2);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("s.bin", "s.idx", "s.meta.json", "real", "links", "chain");
    }
    try (Stream<Path> files = Files.list(dir.resolve("links"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("index");
    }
  }

  @Test
  void truncatedFilesFailAtOpen() throws IOException {
    Path index = index();
    Path sa = ShardWriter.suffixesFile(index, 0);
    long size = Files.size(sa);
    try (RandomAccessFile f = new RandomAccessFile(sa.toFile(), "rw")) {
      f.setLength(size - 3);
    }
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(sa.toString())
        .hasMessageContaining("truncated: " + (size - 3) + " bytes, its header announces " + size);
    try (RandomAccessFile f = new RandomAccessFile(sa.toFile(), "rw")) {
      f.setLength(10);
    }
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("shorter than its header and footer");
  }

  @Test
  void aCorruptedBodyFailsVerifyAndACorruptedHeaderFailsOpen() throws IOException {
    Path index = index();
    Path tokens = ShardWriter.tokensFile(index, 0);
    int header = IndexFile.headerBytes(ShardWriter.TOKENS_FORMAT);
    flip(tokens, header + 3);
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(tokens + ": checksum mismatch in block 0");
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.verify(Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(tokens + ": checksum mismatch");
    }
    flip(tokens, header - 6);
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("header checksum mismatch");
  }

  @Test
  void aCorruptedManifestFailsOpen() throws IOException {
    Path index = index();
    Path manifest = index.resolve(IndexManifest.FILE);
    flip(manifest, Files.size(manifest) - 30);
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void filesOfAnotherIndexFormatOrVersionAreRefused() throws IOException {
    Path index = index();
    Path other = build(store("t", DOCS, 10, true), "other", 1L << 30);
    Files.copy(
        ShardWriter.suffixesFile(other, 0),
        ShardWriter.suffixesFile(index, 0),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("belongs to another index");

    Path foreign = dir.resolve("foreign.mti");
    try (var w = IndexFileWriter.create(foreign, IndexManifest.FORMAT, 99, new byte[16], 0)) {
      w.finish();
    }
    try (var arena = java.lang.foreign.Arena.ofConfined()) {
      assertThatThrownBy(() -> IndexFile.open(foreign, IndexManifest.FORMAT, 1, 1, null, arena))
          .isInstanceOf(BadInputException.class)
          .hasMessage(
              foreign
                  + ": memtrace-index version 99; this memtrace reads versions 1 to 1:"
                  + " rebuild the index");
      Path old = dir.resolve("old.sa");
      try (var w = IndexFileWriter.create(old, ShardWriter.SUFFIXES_FORMAT, 1, new byte[16], 0)) {
        w.finish();
      }
      assertThatThrownBy(
              () ->
                  IndexFile.open(
                      old,
                      ShardWriter.SUFFIXES_FORMAT,
                      ShardWriter.VERSION_START,
                      ShardWriter.VERSION_CURRENT,
                      null,
                      arena))
          .isInstanceOf(BadInputException.class)
          .hasMessage(
              old
                  + ": memtrace-index-suffixes version 1; this memtrace reads versions 2 to 2:"
                  + " rebuild the index");
      assertThatThrownBy(
              () -> IndexFile.open(foreign, ShardWriter.TOKENS_FORMAT, 1, 1, null, arena))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(
              "holds format \"memtrace-index\", expected \"memtrace-index-tokens\"");
      Path empty = dir.resolve("empty");
      Files.write(empty, new byte[0]);
      assertThatThrownBy(() -> IndexFile.open(empty, IndexManifest.FORMAT, 1, 1, null, arena))
          .isInstanceOf(BadInputException.class)
          .hasMessage(empty + ": truncated: 0 bytes, too short for a header");
      Path text = dir.resolve("text");
      Files.writeString(text, "hello, this is not an index file at all");
      assertThatThrownBy(() -> IndexFile.open(text, IndexManifest.FORMAT, 1, 1, null, arena))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("not a memtrace index file");
    }
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path index = index();
    Files.delete(ShardWriter.documentsFile(index, 0));
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("shard-00000.docs: no such file");
    assertThatThrownBy(() -> IndexReader.open(dir.resolve("nothing")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no such directory");
  }

  @Test
  void anotherStoreOrTokenizerIsRefused() throws IOException {
    Path index = index();
    Path same = store("same", DOCS, 10, true);
    Path other = store("other", List.of(new int[] {1, 2, 3}), 10, true);
    try (IndexReader reader = IndexReader.open(index);
        TokenStore s = TokenStore.open(same);
        TokenStore o = TokenStore.open(other)) {
      reader.requireStore(s);
      assertThatThrownBy(() -> reader.requireStore(o))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("is not the store the index");

      Path tokenizer = dir.resolve("tokenizer.json");
      TokenizerJsonWriter.write(
          new BpeTrainer(300, List.of("<|endoftext|>")).train(Stream.of("a few words", "more")),
          tokenizer);
      assertThatThrownBy(() -> reader.tokenizer(tokenizer))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(
              "but the index " + index + " was built with tokenizer SHA-256 abab");
    }
  }
}
