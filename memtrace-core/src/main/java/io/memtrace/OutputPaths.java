package io.memtrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The rule every command follows for the files it writes: an output is never one of the command's
 * inputs, the missing directories above an output are created, and an output that is a symbolic
 * link is written where the link points, keeping the link ({@link #followLinks}).
 *
 * <p>Two paths are the same file when they resolve to the same real path after links: {@link
 * Path#toRealPath} of an existing file, and for one that does not exist yet the real path of its
 * nearest existing ancestor with the remaining names appended.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * Refuses {@code out} when it is one of {@code inputs}, then creates the missing directories
   * above it.
   *
   * @throws BadInputException "{out}: output would overwrite the input {input}; choose another
   *     output"
   */
  public static void prepare(Path out, Collection<Path> inputs) throws IOException {
    refuseInputs(List.of(out), inputs);
    createParents(out);
  }

  /** {@link #prepare(Path, Collection)} for a few inputs; null ones are skipped. */
  public static void prepare(Path out, Path... inputs) throws IOException {
    prepare(out, nonNull(inputs));
  }

  /**
   * Refuses when any of {@code outs} is one of {@code inputs}, with one line naming both.
   *
   * @throws BadInputException "{out}: output would overwrite the input {input}; choose another
   *     output"
   */
  public static void refuseInputs(Collection<Path> outs, Collection<Path> inputs)
      throws IOException {
    for (Path out : outs) {
      Path real = realPath(out);
      for (Path in : inputs) {
        if (real.equals(realPath(in))) {
          throw BadInputException.in(
              out, "output would overwrite the input " + in + "; choose another output");
        }
      }
    }
  }

  /** Creates the missing directories above {@code out}. */
  public static void createParents(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
  }

  /**
   * The real path of {@code path} after links; for a path that does not exist, that of its nearest
   * existing ancestor with the remaining names appended.
   */
  public static Path realPath(Path path) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) return abs;
    Path real = Files.exists(existing) ? existing.toRealPath() : existing; // a dangling link
    return real.resolve(existing.relativize(abs));
  }

  /**
   * Where a writer of {@code out} writes: {@code out} itself, or where the symbolic link {@code
   * out} points (followed through further links), so that the file or directory there is replaced,
   * next to it, and the link stays.
   *
   * @throws BadInputException if more than 40 links follow each other
   */
  public static Path followLinks(Path out) throws IOException {
    Path p = out.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) throw BadInputException.in(out, "too many levels of symbolic links");
      p = p.getParent().resolve(Files.readSymbolicLink(p));
    }
    return p;
  }

  private static List<Path> nonNull(Path... paths) {
    return Arrays.stream(paths).filter(Objects::nonNull).toList();
  }
}
