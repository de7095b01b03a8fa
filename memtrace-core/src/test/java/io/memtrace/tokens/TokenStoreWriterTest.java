package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreWriterTest {
  @TempDir Path dir;

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void picksU16WhileEveryIdFitsIn16BitsElseI32() throws Exception {
    try (TokenStoreWriter a = TokenStoreWriter.create(dir.resolve("a"), 65_536);
        TokenStoreWriter b = TokenStoreWriter.create(dir.resolve("b"), 65_537)) {
      assertThat(a.dtype()).isEqualTo(TokenDtype.U16);
      assertThat(b.dtype()).isEqualTo(TokenDtype.I32);
    }
  }

  @Test
  void rejectsIdsOutsideTheVocabularyNamingDocumentAndPosition() throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 100)) {
      w.add(new int[] {1, 2});
      assertThatThrownBy(() -> w.add(new int[] {0, 99, 100}))
          .isInstanceOf(BadInputException.class)
          .hasMessage(prefix + ": document 1, position 2: token id 100 not in [0, 100)");
      assertThatThrownBy(() -> w.add(new int[] {7, 8, -1, 9}, 1, 2))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("document 1, position 1: token id -1");
      w.add(new int[] {7, 8, 9}, 1, 2);
      assertThat(w.documents()).isEqualTo(2);
      assertThat(w.tokens()).isEqualTo(4);
      w.commit();
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.documentCount()).isEqualTo(2);
      assertThat(store.document(1)).containsExactly(8, 9);
    }
  }

  @Test
  void closeWithoutCommitLeavesNoFiles() throws Exception {
    try (TokenStoreWriter w = TokenStoreWriter.create(dir.resolve("store"), 70_000)) {
      for (int d = 0; d < 1000; d++) {
        w.add(new int[1000]);
      }
    }
    assertThat(files()).isEmpty();
  }

  @Test
  void anExistingStoreIsReplacedOnlyOnCommit() throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.add(new int[] {1, 2, 3});
      w.commit();
      assertThatThrownBy(() -> w.add(new int[] {1})).isInstanceOf(IllegalStateException.class);
    }
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.add(new int[] {4});
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.tokens(0, store.tokenCount())).containsExactly(1, 2, 3);
    }
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.add(new int[] {4});
      w.commit();
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.tokens(0, store.tokenCount())).containsExactly(4);
    }
    assertThat(files())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("store.bin", "store.idx");
  }

  /** Committed files get the permissions any new file gets, not a temporary file's owner-only. */
  @Test
  void aCommittedStoreHasOrdinaryFilePermissions() throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.commit();
    }
    Path plain = Files.createFile(dir.resolve("plain"));
    Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(plain);
    assertThat(Files.getPosixFilePermissions(dir.resolve("store.bin"))).isEqualTo(ordinary);
    assertThat(Files.getPosixFilePermissions(dir.resolve("store.idx"))).isEqualTo(ordinary);
  }

  /** A process killed before commit leaves only a temporary file, nothing named like a store. */
  @Test
  void aWriterKilledMidWriteLeavesNoStore() throws Exception {
    Path prefix = dir.resolve("store");
    Process child = startKilledWriter(prefix);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo(KilledWriter.READY);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(dir.resolve("store.bin")).doesNotExist();
    assertThat(dir.resolve("store.idx")).doesNotExist();
    assertThat(files()).singleElement().satisfies(p -> assertThat(Files.size(p)).isPositive());
    assertThatThrownBy(() -> TokenStore.open(prefix)).isInstanceOf(BadInputException.class);
  }

  /**
   * The next writer of the same store removes a killed writer's temporary file, not a live one's.
   */
  @Test
  void aKilledWritersTemporaryFileIsRemovedByTheNextWriterButNotWhileItLives() throws Exception {
    Path prefix = dir.resolve("store");
    Process child = startKilledWriter(prefix);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo(KilledWriter.READY);
      assertThat(TokenStoreWriter.removeStale(new StorePaths(prefix).bin())).isEmpty();
      assertThat(files()).hasSize(1);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.add(new int[] {1, 2});
      w.commit();
    }
    assertThat(files())
        .containsExactlyInAnyOrder(dir.resolve("store.bin"), dir.resolve("store.idx"));
  }

  /** Only names this writer gives its temporary files, for this store, empty or not. */
  @Test
  void plantedLeftoversOfThisStoreAreRemovedAndNothingElse() throws Exception {
    List<String> stale =
        List.of(
            "store.bin.0123456789abc.tmp",
            "store.idx.0123456789ab.tmp",
            // killed between creating its file and locking it
            "store.idx.abcdefghijklm.new",
            "store.bin.zzzzzzzzzzzzz.tmp");
    List<String> kept =
        List.of(
            "store.bin.backup.tmp",
            "store.bin.0123456789abc.txt",
            "other.bin.0123456789abc.tmp",
            "store.meta.json.0123456789abc.tmp");
    for (String name : stale.subList(0, 3)) {
      Files.writeString(dir.resolve(name), "left by a killed writer");
    }
    // Empty, as a writer killed before it wrote anything leaves it; a live one has it locked.
    Files.createFile(dir.resolve(stale.getLast()));
    for (String name : kept) Files.writeString(dir.resolve(name), "mine");
    try (TokenStoreWriter w = TokenStoreWriter.create(dir.resolve("store"), 10)) {
      w.add(new int[] {1, 2});
      w.commit();
    }
    assertThat(files().stream().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(kept.stream(), Stream.of("store.bin", "store.idx")).toList());
  }

  /** A writer of this process still writing keeps its file while another writer commits. */
  @Test
  void aLiveWriterOfThisProcessKeepsItsTemporaryFile() throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter first = TokenStoreWriter.create(prefix, 70_000)) {
      for (int d = 0; d < 300; d++) first.add(new int[1000]); // past the buffer: not empty
      try (TokenStoreWriter second = TokenStoreWriter.create(prefix, 10)) {
        second.add(new int[] {1});
        second.commit();
      }
      first.add(new int[] {7, 8});
      first.commit();
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.documentCount()).isEqualTo(301);
    }
  }

  /** Writes past its buffer, says so, then waits to be killed. */
  static final class KilledWriter {
    static final String READY = "written, not committed";

    public static void main(String[] args) throws Exception {
      TokenStoreWriter w = TokenStoreWriter.create(Path.of(args[0]), 50_000);
      for (int d = 0; d < 2000; d++) {
        w.add(new int[1000]);
      }
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  /** A child JVM writing a store at {@code prefix} until it is killed ({@link KilledWriter}). */
  private static Process startKilledWriter(Path prefix) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            KilledWriter.class.getName(),
            prefix.toString())
        .redirectErrorStream(true)
        .start();
  }
}
