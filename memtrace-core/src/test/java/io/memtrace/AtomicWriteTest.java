package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicWrite}: the target is old or whole, and no temporary file outlives a write. */
class AtomicWriteTest {
  @TempDir Path dir;

  @Test
  void aTemporaryFileAKilledWriteLeftIsGoneAfterTheNextWrite() throws IOException {
    Path target = dir.resolve("a/b/out.json");
    Files.createDirectories(target.getParent());
    Path stale = Files.writeString(target.resolveSibling("out.json.tmp"), "{\"half\": ");
    AtomicWrite.write(target, o -> o.write("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(target).hasContent("{}");
    assertThat(stale).doesNotExist();
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("out.json"), "old");
    Files.writeString(dir.resolve("out.json.tmp"), "left by a killed write");
    assertThatThrownBy(
            () ->
                AtomicWrite.write(
                    target,
                    o -> {
                      o.write('x');
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(target).hasContent("old");
    assertThat(dir.resolve("out.json.tmp")).doesNotExist();
  }

  @Test
  void missingDirectoriesAboveTheTargetAreCreated() throws IOException {
    Path target = dir.resolve("new/deeper/out.txt");
    AtomicWrite.write(target, o -> o.write('1'));
    assertThat(target).hasContent("1");
  }

  @Test
  void aTargetThatIsASymbolicLinkIsWrittenWhereItPointsAndStaysALink() throws IOException {
    Path real = Files.writeString(Files.createDirectories(dir.resolve("disk")).resolve("f"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("disk/f"));
    AtomicWrite.write(link, o -> o.write("new".getBytes(StandardCharsets.UTF_8)));
    assertThat(link).isSymbolicLink();
    assertThat(real).hasContent("new");
    assertThat(dir.resolve("link.tmp")).doesNotExist();
    assertThat(dir.resolve("disk/f.tmp")).doesNotExist();
  }
}
