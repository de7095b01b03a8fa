package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.safetensors.SafetensorsWriter;
import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import io.memtrace.model.safetensors.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** Copies pythia-tiny into the temporary directory, passing each tensor through {@code edit}. */
  private void rewrite(UnaryOperator<Entry> edit) throws IOException {
    Path source = Fixtures.dir("pythia-tiny");
    Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
    List<Entry> entries = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      SafetensorsFile file = SafetensorsFile.open(source.resolve(Checkpoint.SINGLE), arena);
      for (String name : file.tensors().keySet()) {
        Tensor t = file.tensor(name);
        Entry e = edit.apply(Entry.f32(name, t.toFloats(), t.info().shape()));
        if (e != null) entries.add(e);
      }
    }
    SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE), entries, Map.of());
  }
}
