package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz harness itself: reproducible inputs, and every kind of wrong outcome caught. */
class MutationsTest {
  private static final byte[] VALID =
      "{\"a\": [1, 2, 3], \"b\": \"text\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSeedAlwaysMakesTheSameInputAndMostInputsDiffer() {
    int changed = 0;
    for (long seed = 0; seed < 1000; seed++) {
      byte[] input = Mutations.mutate(VALID, seed);
      assertThat(Mutations.mutate(VALID, seed)).isEqualTo(input);
      if (!Arrays.equals(input, VALID)) changed++;
    }
    assertThat(changed).isGreaterThan(950);
  }

  @Test
  void cleanRefusalsAndAcceptedInputsPass() {
    int accepted =
        Mutations.run(
            VALID,
            1,
            500,
            "x.json",
            input -> {
              if (input.length % 2 == 0) throw new BadInputException("x.json: odd");
            });
    assertThat(accepted).isBetween(1, 499);
  }

  @Test
  void anotherExceptionFailsWithItsSeed() {
    assertThatThrownBy(
            () ->
                Mutations.run(
                    VALID,
                    40,
                    10,
                    "x.json",
                    input -> {
                      throw new ArrayIndexOutOfBoundsException(3);
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("seed 40: java.lang.ArrayIndexOutOfBoundsException escaped");
  }

  @Test
  void aRefusalNotNamingTheFileFails() {
    assertThatThrownBy(
            () ->
                Mutations.run(
                    VALID,
                    7,
                    10,
                    "x.json",
                    input -> {
                      throw new BadInputException("something is wrong");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 7: the message names the file");
  }

  @Test
  void aWrongAnswerFailsWithItsSeed() {
    assertThatThrownBy(
            () ->
                Mutations.run(VALID, 3, 10, "x.json", input -> assertThat(input).isEqualTo(VALID)))
        .hasMessageStartingWith("seed ")
        .hasMessageContaining(": wrong answer");
  }

  /** Structure-aware mutations stay JSON (but for nesting past the parser's limit) and vary. */
  @Test
  void jsonMutationsAreReproducibleAndMostlyStillJson() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    byte[] lines = "{\"a\": 1}\n\n{\"a\": [2, \"b\"]}\n".getBytes(StandardCharsets.UTF_8);
    for (byte[] valid : List.of(VALID, lines)) {
      int changed = 0;
      int parsed = 0;
      for (long seed = 0; seed < 1000; seed++) {
        byte[] input = JsonMutations.mutate(valid, seed);
        assertThat(JsonMutations.mutate(valid, seed)).isEqualTo(input);
        if (!Arrays.equals(input, valid)) changed++;
        String text = new String(input, StandardCharsets.UTF_8);
        try {
          for (String line : valid == lines ? text.split("\n") : new String[] {text}) {
            if (!line.isBlank()) json.readTree(line);
          }
          parsed++;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
          // deep nesting, or a value repeated after a single one
        }
      }
      assertThat(changed).isGreaterThan(950);
      assertThat(parsed).isGreaterThan(600);
    }
  }
}
