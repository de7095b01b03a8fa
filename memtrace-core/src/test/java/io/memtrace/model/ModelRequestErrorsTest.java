package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a model cannot answer fail with one message naming the model: longer than its trained
 * positions, or weights that give non-finite logits.
 */
class ModelRequestErrorsTest {
  @TempDir Path dir;

  /** The rotary fixtures have max_position_embeddings 64 (their config.json). */
  @ParameterizedTest
  @ValueSource(strings = {"pythia-tiny", "llama-tiny-f16", "olmo-tiny"})
  void rotaryModelsRefuseRequestsPastTheirPositions(String name) throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2)) {
      assertThat(model.config().maxPositions()).isEqualTo(64);
      assertThat(model.score(new int[][] {tokens(65)}, ScoreOptions.DEFAULT)[0].argmax())
          .hasSize(64);
      assertThatThrownBy(
              () -> model.score(new int[][] {tokens(3), tokens(66)}, ScoreOptions.DEFAULT))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining(Fixtures.dir(name).toString())
          .hasMessageContaining("row 1 has 66 tokens")
          .hasMessageContaining("64 positions of the model's max_position_embeddings");

      List<Integer> none = List.of();
      Generation[] full =
          model.greedy(
              model.newCache(1), new int[][] {tokens(10)}, GreedyOptions.uniform(1, 55, 0, none));
      assertThat(full[0].tokens()).hasSize(55);
      assertThatThrownBy(
              () ->
                  model.greedy(
                      model.newCache(1),
                      new int[][] {tokens(10)},
                      GreedyOptions.uniform(1, 1_000_000_000, 0, none)))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining("row 0 has 1,000,000,010 tokens")
          .hasMessageContaining("max_position_embeddings");
    }
  }

  @Test
  void nanWeightsAreNamedWithTheModelAndThePosition() throws IOException {
    Fixtures.rewrite(
        "pythia-tiny",
        dir,
        e -> {
          if (!e.name().equals("embed_out.weight")) return e;
          float[] w = new float[(int) (e.shape()[0] * e.shape()[1])];
          java.nio.ByteBuffer.wrap(e.bytes())
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .asFloatBuffer()
              .get(w);
          w[7 * 40 + 3] = Float.NaN;
          return Entry.f32(e.name(), w, e.shape());
        });
    try (LanguageModel model = LanguageModel.load(dir, 2)) {
      assertThatThrownBy(() -> model.score(new int[][] {tokens(5)}, ScoreOptions.DEFAULT))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining(dir.toString())
          // every position's logits hold the NaN; threads decide which one is met first
          .hasMessageMatching(".*non-finite logits at row 0, position \\d+ .*");
      assertThatThrownBy(
              () ->
                  model.greedy(
                      model.newCache(2),
                      new int[][] {tokens(4), tokens(6)},
                      GreedyOptions.uniform(2, 3, 0, List.of())))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageMatching(".*non-finite logits at row [01], position [35].*");
    }
  }

  private static int[] tokens(int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) t[i] = (i * 37 + 11) % 200;
    return t;
  }
}
