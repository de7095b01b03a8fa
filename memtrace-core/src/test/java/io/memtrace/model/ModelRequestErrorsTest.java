package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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

  /**
   * Rotary and learned positions alike: a row takes max_position_embeddings P + 1 tokens, the last
   * only predicted, and one more is refused. The rotary fixtures have P = 64, gpt2-tiny 32 (their
   * config.json); gpt2-tiny has no embedding for position P, so its last token is never fed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pythia-tiny", "llama-tiny-f16", "olmo-tiny", "gpt2-tiny"})
  void modelsRefuseRequestsPastTheirPositions(String name) throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2)) {
      int p = model.config().maxPositions();
      assertThat(p).isEqualTo(name.equals("gpt2-tiny") ? 32 : 64);
      int[] full = tokens(p + 1);
      RowScores scored = model.score(new int[][] {full}, ScoreOptions.DEFAULT)[0];
      assertThat(scored.argmax()).hasSize(p);
      // The same statistics as the row without its last token scored alone, plus that token's.
      RowScores shorter =
          model.score(new int[][] {Arrays.copyOf(full, p)}, ScoreOptions.DEFAULT)[0];
      assertThat(Arrays.copyOf(scored.argmax(), p - 1)).isEqualTo(shorter.argmax());
      assertThat(Arrays.copyOf(scored.targetLogprob(), p - 1)).isEqualTo(shorter.targetLogprob());
      assertThatThrownBy(
              () -> model.score(new int[][] {tokens(3), tokens(p + 2)}, ScoreOptions.DEFAULT))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining(Fixtures.dir(name).toString())
          .hasMessageContaining("row 1 has " + (p + 2) + " tokens")
          .hasMessageContaining(p + " positions of the model's max_position_embeddings");

      List<Integer> none = List.of();
      Generation[] longest =
          model.greedy(
              model.newCache(1),
              new int[][] {tokens(10)},
              GreedyOptions.uniform(1, p + 1 - 10, 0, none));
      assertThat(longest[0].tokens()).hasSize(p + 1 - 10);
      assertThatThrownBy(
              () ->
                  model.greedy(
                      model.newCache(1),
                      new int[][] {tokens(10)},
                      GreedyOptions.uniform(1, 1_000_000_000, 0, none)))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining("row 0 has 1,000,000,010 tokens")
          .hasMessageContaining("max_position_embeddings");

      // A prompt fills every position but the one its next token is predicted from.
      model.prefill(model.newCache(1), new int[][] {tokens(p)});
      assertThatThrownBy(() -> model.prefill(model.newCache(1), new int[][] {tokens(p + 1)}))
          .isInstanceOf(ModelRequestException.class)
          .hasMessageContaining("row 0 has " + (p + 2) + " tokens")
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
