package io.memtrace.tokens;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The files of a Megatron token store, addressed as Megatron addresses them: by a path prefix
 * {@code P} naming {@code P.bin} (the tokens) and {@code P.idx} (the index).
 *
 * @param prefix the path without the {@code .bin} or {@code .idx} extension
 */
public record StorePaths(Path prefix) {
  public StorePaths {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.getFileName() == null) {
      throw new IllegalArgumentException("store prefix has no file name: " + prefix);
    }
  }

  /**
   * The store named by {@code path}: the prefix itself, or either of its two files, so users may
   * pass whichever their tools printed.
   */
  public static StorePaths of(Path path) {
    Path name = Objects.requireNonNull(path, "path").getFileName();
    if (name != null) {
      String s = name.toString();
      if (s.length() > 4 && (s.endsWith(".bin") || s.endsWith(".idx"))) {
        return new StorePaths(path.resolveSibling(s.substring(0, s.length() - 4)));
      }
    }
    return new StorePaths(path);
  }

  public Path bin() {
    return withSuffix(".bin");
  }

  public Path idx() {
    return withSuffix(".idx");
  }

  /** The files a store consists of: {@code P.bin}, {@code P.idx} and {@code P.meta.json}. */
  public List<Path> files() {
    return List.of(bin(), idx(), StoreMetadata.fileOf(prefix));
  }

  private Path withSuffix(String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }
}
