package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed build's OUT.building-* directory is removed by the next build; a live one is kept. */
class StaleBuildDirectoryTest {
  @TempDir Path dir;

  /** Holds a build directory of {@code args[0]} until killed: a build that never finishes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      BuildDirectory held = BuildDirectory.create(Path.of(args[0]), "0000dead");
      Files.writeString(held.path().resolve("shard-00000.sa"), "partial");
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      held.close();
    }
  }

  private Path store() throws IOException {
    Path prefix = dir.resolve("s");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      w.add(new int[] {1, 2, 3, 1, 2});
      w.add(new int[] {2, 3});
      w.commit();
    }
    return prefix;
  }

  private void build(Path prefix, Path out) throws IOException {
    try (TokenStore s = TokenStore.open(prefix)) {
      IndexWriter.build(s, null, out, new IndexWriter.Options(1L << 30, 1), Progress.NONE);
    }
  }

  private List<String> building() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".building-"))
          .toList();
    }
  }

  @Test
  void aBuildKilledInAnotherProcessIsRemovedByTheNextBuildButNotWhileItLives() throws Exception {
    Path out = dir.resolve("index");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    try {
      var lines =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("locked");
      assertThat(BuildDirectory.removeStale(out)).isEmpty();
      assertThat(building()).containsExactly("index.building-0000dead");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }

    build(store(), out);

    assertThat(building()).isEmpty();
    try (IndexReader index = IndexReader.open(out)) {
      assertThat(index.count(new int[] {2, 3})).isEqualTo(2);
    }
  }

  @Test
  void aLiveBuildOfThisProcessIsKeptAndBuildsKilledInTheirFirstOrLastMomentsAreRemoved()
      throws IOException {
    Path out = dir.resolve("index");
    // killed after dropping its lock file, before renaming its directory into place
    Path unlocked = Files.createDirectories(dir.resolve("index.building-01234567"));
    Files.writeString(unlocked.resolve("shard-00000.sa"), "x");
    // killed after creating its lock file, before writing its process id into it
    Path empty = Files.createDirectories(dir.resolve("index.building-76543210"));
    Files.createFile(empty.resolve(BuildDirectory.LOCK_FILE));
    try (BuildDirectory live = BuildDirectory.create(out, "89abcdef")) {
      build(store(), out);
      assertThat(live.path()).isDirectory();
      assertThat(live.path().resolve(BuildDirectory.LOCK_FILE)).exists();
    }
    assertThat(unlocked).doesNotExist();
    assertThat(empty).doesNotExist();
    assertThat(building()).containsExactly("index.building-89abcdef");
  }

  @Test
  void onlyTheSameTargetsDirectoriesAreConsidered() throws IOException {
    Path other = dir.resolve("other");
    try (BuildDirectory dead = BuildDirectory.create(other, "00000001")) {
      assertThat(dead.path()).isDirectory();
    }
    build(store(), dir.resolve("index"));
    assertThat(building()).containsExactly("other.building-00000001");
    assertThat(BuildDirectory.removeStale(other)).hasSize(1);
    assertThat(building()).isEmpty();
  }

  @Test
  void aSuccessfulBuildLeavesNoLockFileInTheIndex() throws IOException {
    Path out = dir.resolve("index");
    build(store(), out);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .doesNotContain(BuildDirectory.LOCK_FILE);
    }
    assertThat(building()).isEmpty();
  }

  @Test
  void anIndexLeftBeingReplacedIsRemovedByTheNextBuildButNotUserDirectories() throws IOException {
    Path prefix = store();
    Path out = dir.resolve("index");
    build(prefix, out);
    // A build killed between renaming the old index aside and deleting it.
    Path stale = dir.resolve("index.replaced-17f3a9c0");
    Files.move(out, stale);
    Path user = Files.createDirectories(dir.resolve("index.replaced-2b"));
    Files.writeString(user.resolve("notes.txt"), "mine");
    Path otherName = Files.createDirectories(dir.resolve("index.replaced-mine"));
    Path otherTarget = dir.resolve("other.replaced-3c");
    build(prefix, dir.resolve("other"));
    Files.move(dir.resolve("other"), otherTarget);

    build(prefix, out);

    assertThat(stale).doesNotExist();
    assertThat(user.resolve("notes.txt")).hasContent("mine");
    assertThat(otherName).isDirectory();
    assertThat(otherTarget).isDirectory();
    try (IndexReader index = IndexReader.open(out)) {
      assertThat(index.count(new int[] {2, 3})).isEqualTo(2);
    }
  }
}
