package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputPaths}: an output that is an input, directly or through links, is refused. */
class OutputPathsTest {
  @TempDir Path dir;

  @Test
  void theSameExistingFileIsRefusedNamingBoth() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "x");
    assertThatThrownBy(() -> OutputPaths.prepare(in, dir.resolve("other"), in))
        .isInstanceOf(BadInputException.class)
        .hasMessage(in + ": output would overwrite the input " + in + "; choose another output");
  }

  @Test
  void aSpellingWithDotsIsTheSameFile() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "x");
    Files.createDirectory(dir.resolve("sub"));
    Path out = dir.resolve("sub/../in.jsonl");
    assertThatThrownBy(() -> OutputPaths.prepare(out, in))
        .hasMessage(out + ": output would overwrite the input " + in + "; choose another output");
  }

  @Test
  void aLinkToTheInputIsTheInput() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), in);
    assertThatThrownBy(() -> OutputPaths.prepare(link, in)).hasMessageContaining("the input " + in);
    assertThatThrownBy(() -> OutputPaths.prepare(in, link))
        .hasMessageContaining("the input " + link);
  }

  @Test
  void aNewFileInALinkedDirectoryIsComparedThroughTheLink() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
    Path in = real.resolve("new.csv");
    Path out = linked.resolve("new.csv");
    assertThat(in).doesNotExist();
    assertThatThrownBy(() -> OutputPaths.refuseInputs(List.of(out), List.of(in)))
        .isInstanceOf(BadInputException.class);
    assertThat(OutputPaths.realPath(out)).isEqualTo(real.toRealPath().resolve("new.csv"));
  }

  @Test
  void otherFilesPassAndMissingDirectoriesAreCreated() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "x");
    Path out = dir.resolve("a/b/out.jsonl");
    OutputPaths.prepare(out, in, null);
    assertThat(out.getParent()).isDirectory();
    assertThat(out).doesNotExist();
    assertThat(in).hasContent("x");
  }
}
