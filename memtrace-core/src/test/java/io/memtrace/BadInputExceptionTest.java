package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BadInputExceptionTest {
  @Test
  void messageNamesTheFileFirst() {
    assertThat(BadInputException.in(Path.of("a/b.idx"), "bad magic").getMessage())
        .isEqualTo("a/b.idx: bad magic");
  }
}
