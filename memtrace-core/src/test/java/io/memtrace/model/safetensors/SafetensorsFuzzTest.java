package io.memtrace.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Mutations;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated safetensors files open with every tensor inside the data section and readable, or fail
 * with a message naming the file.
 */
class SafetensorsFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedFileOpensConsistentlyOrFailsNamingTheFile() throws Exception {
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.write(
        file,
        List.of(
            SafetensorsWriter.Entry.f32("a.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3),
            SafetensorsWriter.Entry.bf16("b", new float[] {0.5f, -1}, 2),
            SafetensorsWriter.Entry.i32("ids", new int[] {7}, 1)),
        Map.of("format", "pt"));
    byte[] valid = Files.readAllBytes(file);
    Mutations.run(
        valid,
        1,
        Mutations.cases(),
        "model.safetensors",
        input -> {
          Files.write(file, input);
          try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile opened = SafetensorsFile.open(file, arena);
            long dataBytes = Files.size(file);
            for (TensorInfo info : opened.tensors().values()) {
              assertThat(info.end()).isLessThanOrEqualTo(dataBytes);
              assertThat(info.byteSize()).isEqualTo(info.elements() * info.dtype().bytes());
              Tensor t = opened.tensor(info.name());
              if (info.dtype() == DType.F32 || info.dtype() == DType.BF16) {
                assertThat(t.toFloats()).hasSize((int) info.elements());
              }
            }
          }
        });
  }
}
