package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that does not fit its config fails at load, naming the tensor and the shape. */
class CheckpointErrorsTest {
  @TempDir Path dir;

  @Test
  void missingTensorIsNamedWithItsExpectedShape() throws IOException {
    rewrite(e -> e.name().equals("gpt_neox.layers.1.attention.dense.weight") ? null : e);
    assertThatThrownBy(() -> LanguageModel.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor 'gpt_neox.layers.1.attention.dense.weight' is missing")
        .hasMessageContaining("expected shape [40, 40]");
  }

  @Test
  void misShapedTensorIsNamedWithBothShapes() throws IOException {
    rewrite(
        e ->
            e.name().equals("embed_out.weight")
                ? Entry.f32(e.name(), new float[259 * 40], 259, 40)
                : e);
    assertThatThrownBy(() -> LanguageModel.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(dir.resolve(Checkpoint.SINGLE).toString())
        .hasMessageContaining("tensor 'embed_out.weight' has shape [259, 40]; expected [260, 40]");
  }

  @Test
  void integerWeightsAreRejected() throws IOException {
    rewrite(
        e ->
            e.name().equals("gpt_neox.final_layer_norm.bias")
                ? Entry.i32(e.name(), new int[40], 40)
                : e);
    assertThatThrownBy(() -> LanguageModel.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'gpt_neox.final_layer_norm.bias' is I32; expected F32, F16 or BF16");
  }

  @Test
  void unknownArchitectureFailsBeforeTheWeightsAreRead() throws IOException {
    rewrite(UnaryOperator.identity());
    Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"RwkvForCausalLM\"]}");
    assertThatThrownBy(() -> LanguageModel.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("RwkvForCausalLM is not supported");
  }

  private void rewrite(UnaryOperator<Entry> edit) throws IOException {
    Fixtures.rewrite("pythia-tiny", dir, edit);
  }
}
