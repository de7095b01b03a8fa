package io.memtrace.spark;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory on any Hadoop-compatible file system ({@code file:}, {@code hdfs:}, {@code
 * s3a:}, a plain path for the default one), written by Spark's commit protocol: a task attempt puts
 * its files under {@code OUT/_temporary/ATTEMPT/}; the driver, once every task has succeeded,
 * renames the files of the attempts it got results from into place and deletes {@code _temporary},
 * so a failed, retried or speculative attempt never leaves a visible file. The local file system is
 * used without Hadoop's {@code .crc} side files.
 */
final class OutputDirectory {
  static final String TEMPORARY = "_temporary";

  private final FileSystem fs;
  private final Path root;

  private OutputDirectory(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  static OutputDirectory of(String uri, Configuration conf) throws IOException {
    Path root = new Path(uri);
    FileSystem fs = root.getFileSystem(conf);
    fs.setWriteChecksum(false);
    fs.setVerifyChecksum(false);
    return new OutputDirectory(fs, fs.makeQualified(root));
  }

  Path root() {
    return root;
  }

  FileSystem fileSystem() {
    return fs;
  }

  Path resolve(String name) {
    return new Path(root, name);
  }

  /** Where task attempt {@code attempt} writes its files. */
  Path attempt(String attempt) {
    return new Path(new Path(root, TEMPORARY), attempt);
  }

  boolean exists(String name) throws IOException {
    return fs.exists(resolve(name));
  }

  /**
   * Refuses a target that holds anything but the names {@code allowed} accepts and {@code
   * _temporary} (what a failed run of the same job left, which is deleted), and creates it. With
   * {@code clear}, the accepted names are deleted too, those {@code first} accepts before the
   * others (an index's manifest before its shards).
   */
  void prepare(
      java.util.function.Predicate<String> allowed,
      String what,
      boolean clear,
      java.util.function.Predicate<String> first)
      throws IOException {
    if (fs.exists(root)) {
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new BadInputException(root + ": exists and is not a directory; expected " + what);
      }
      for (FileStatus f : fs.listStatus(root)) {
        String name = f.getPath().getName();
        if (!name.equals(TEMPORARY) && !allowed.test(name)) {
          throw new BadInputException(
              root
                  + ": holds "
                  + name
                  + ", which is not part of "
                  + what
                  + "; choose another output");
        }
      }
      fs.delete(new Path(root, TEMPORARY), true);
      if (clear) {
        for (FileStatus f : fs.listStatus(root)) {
          if (first.test(f.getPath().getName())) fs.delete(f.getPath(), true);
        }
        for (FileStatus f : fs.listStatus(root)) fs.delete(f.getPath(), true);
      }
    }
    fs.mkdirs(root);
  }

  /** Copies the files of local directory {@code dir} into {@code target}, as they are named. */
  void upload(java.nio.file.Path dir, Path target) throws IOException {
    fs.mkdirs(target);
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      for (java.nio.file.Path f : files.sorted().toList()) {
        fs.copyFromLocalFile(
            false, true, new Path(f.toUri()), new Path(target, f.getFileName().toString()));
      }
    }
  }

  /** Renames every file in {@code from} into the root, replacing files of the same name. */
  List<String> publish(Path from) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus f : fs.listStatus(from)) {
      Path to = new Path(root, f.getPath().getName());
      fs.delete(to, false);
      if (!fs.rename(f.getPath(), to))
        throw new IOException("could not rename " + f.getPath() + " to " + to);
      names.add(to.getName());
    }
    return names;
  }

  /** Writes {@code bytes} to {@code name} under a temporary name, then renames it into place. */
  void write(String name, byte[] bytes) throws IOException {
    Path tmp = resolve("_" + name + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(bytes);
    }
    Path to = resolve(name);
    fs.delete(to, false);
    if (!fs.rename(tmp, to)) throw new IOException("could not rename " + tmp + " to " + to);
  }

  void deleteTemporary() throws IOException {
    fs.delete(new Path(root, TEMPORARY), true);
  }

  /** The local path of {@code path} when it is on the local file system, else null. */
  java.nio.file.Path local(Path path) {
    URI uri = fs.makeQualified(path).toUri();
    return "file".equals(uri.getScheme()) ? java.nio.file.Path.of(uri) : null;
  }

  /** Deletes a local directory and everything in it, if it exists. */
  static void deleteLocalTree(java.nio.file.Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<java.nio.file.Path> walk = Files.walk(dir)) {
      for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
