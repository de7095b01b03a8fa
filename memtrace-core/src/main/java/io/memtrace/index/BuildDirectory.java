package io.memtrace.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporary sibling directory {@code OUT.building-XXXXXXXX} an index is built in, with a lock
 * file that tells a live build from one that was killed.
 *
 * <pre>
 * OUT.building-XXXXXXXX/build.lock := the building process id in decimal, "\n"
 * </pre>
 *
 * <p>The build holds an exclusive {@link FileLock} on {@code build.lock} from before it writes the
 * process id until it has moved its files into place; the operating system drops the lock when the
 * process dies, however it dies. A directory is stale, and {@link #removeStale} deletes it, when
 * its lock can be taken, or when it has no lock file: a build is killed in the microseconds between
 * creating its directory and locking the file, or between dropping the file and renaming the
 * directory into place. Only a second build of the same target running at the same moment could be
 * mistaken for one of these; builds of one target are not run concurrently.
 *
 * <p>Threading: one build per instance.
 */
final class BuildDirectory implements AutoCloseable {
  static final String LOCK_FILE = "build.lock";
  private static final String INFIX = ".building-";

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private BuildDirectory(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates {@code OUT.building-<suffix>} and takes its lock. */
  static BuildDirectory create(Path out, String suffix) throws IOException {
    Path dir = sibling(out, INFIX + suffix);
    Files.createDirectories(dir);
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ);
    try {
      FileLock lock = channel.lock();
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(true);
      return new BuildDirectory(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /**
   * Deletes the lock file while still holding the lock, so the directory can be renamed into place
   * holding index files only; from here on {@link #removeStale} no longer considers it.
   */
  void dropLockFile() throws IOException {
    Files.deleteIfExists(path.resolve(LOCK_FILE));
  }

  /**
   * Deletes every {@code OUT.building-*} directory whose build is dead: its index files, its lock
   * file, then the directory if that emptied it.
   *
   * @return the directories removed
   */
  static List<Path> removeStale(Path out) throws IOException {
    Path abs = out.toAbsolutePath();
    Path parent = abs.getParent();
    List<Path> removed = new ArrayList<>();
    if (parent == null || !Files.isDirectory(parent)) return removed;
    String glob = globQuote(abs.getFileName().toString()) + INFIX + "*";
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, glob)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d) && removeIfStale(d)) removed.add(d);
      }
    }
    return removed;
  }

  private static boolean removeIfStale(Path dir) throws IOException {
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      IndexWriter.deleteIndexDirectory(dir, LOCK_FILE);
      return !Files.exists(dir);
    }
    if (!Files.isRegularFile(lockFile)) return false;
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // held by a build in this process
      }
      if (lock == null) return false;
      IndexWriter.deleteIndexDirectory(dir, LOCK_FILE);
      return !Files.exists(dir);
    }
  }

  private static String globQuote(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  static Path sibling(Path path, String suffix) {
    Path abs = path.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }

  /** Releases the lock; the directory itself is the caller's to move or delete. */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) lock.release();
    } finally {
      channel.close();
    }
  }
}
