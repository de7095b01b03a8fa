package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorePathsTest {
  @Test
  void acceptsThePrefixOrEitherFile() {
    for (String given :
        new String[] {"data/pile_text", "data/pile_text.bin", "data/pile_text.idx"}) {
      StorePaths p = StorePaths.of(Path.of(given));
      assertThat(p.prefix()).isEqualTo(Path.of("data/pile_text"));
      assertThat(p.bin()).isEqualTo(Path.of("data/pile_text.bin"));
      assertThat(p.idx()).isEqualTo(Path.of("data/pile_text.idx"));
    }
  }

  @Test
  void keepsOtherExtensionsAsPartOfThePrefix() {
    assertThat(StorePaths.of(Path.of("a.b.txt")).bin()).isEqualTo(Path.of("a.b.txt.bin"));
    assertThat(StorePaths.of(Path.of(".bin")).prefix()).isEqualTo(Path.of(".bin"));
    assertThat(StorePaths.of(Path.of("x")).idx()).isEqualTo(Path.of("x.idx"));
  }
}
