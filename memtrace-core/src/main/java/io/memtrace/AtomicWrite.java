package io.memtrace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes
 * to a temporary sibling, which is renamed over the target only after it was written and closed.
 * Missing directories above the target are created ({@link OutputPaths#createParents}); a target
 * that is a symbolic link is written where it points, keeping the link ({@link
 * OutputPaths#followLinks}).
 */
public final class AtomicWrite {
  /** Produces the content of a file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicWrite() {}

  public static void write(Path file, Content content) throws IOException {
    Path target = OutputPaths.followLinks(file);
    OutputPaths.createParents(target);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        content.writeTo(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
