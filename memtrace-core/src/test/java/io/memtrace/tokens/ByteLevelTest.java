package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ByteLevelTest {
  static Stream<Long> seeds() {
    return RandomTexts.seeds(50);
  }

  @Test
  void everyByteHasItsOwnCharacterAsInGpt2() {
    Set<Character> seen = new HashSet<>();
    for (int b = 0; b < 256; b++) {
      char c = ByteLevel.charOf(b);
      assertThat(seen.add(c)).isTrue();
      assertThat(ByteLevel.byteOf(c)).isEqualTo(b);
    }
    assertThat(ByteLevel.charOf('A')).isEqualTo('A');
    assertThat(ByteLevel.charOf(' ')).isEqualTo('Ġ');
    assertThat(ByteLevel.charOf('\n')).isEqualTo('Ċ');
    assertThat(ByteLevel.charOf(0)).isEqualTo('Ā');
    assertThat(ByteLevel.byteOf('中')).isEqualTo(-1);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void spellingsRoundTripThroughBytes(long seed) {
    String text = new RandomTexts(seed).document(30);

    byte[] bytes = ByteLevel.decode(ByteLevel.encode(text));

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void decodingRejectsCharactersOutsideTheAlphabet() {
    assertThatThrownBy(() -> ByteLevel.decode("ab中"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+4E2D at 2");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void preTokensCoverTheText(long seed) {
    String text = new RandomTexts(seed).document(30);

    assertThat(String.join("", ByteLevel.preTokenize(text))).isEqualTo(text);
  }

  @Test
  void splitsLikeGpt2() {
    assertThat(ByteLevel.preTokenize("Hello world's  end 2024!!\n\tok"))
        .containsExactly("Hello", " world", "'s", " ", " end", " 2024", "!!", "\n", "\t", "ok");
  }

  @Test
  void noBreakSpaceIsWhiteSpaceAsInTheRustLibrary() {
    assertThat(ByteLevel.preTokenize("x\u00A0\u00A0y"))
        .containsExactly("x", "\u00A0", "\u00A0", "y");
  }
}
