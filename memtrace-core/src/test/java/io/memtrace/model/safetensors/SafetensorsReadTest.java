package io.memtrace.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReadTest {
  @TempDir Path dir;

  @Test
  void readsWhatTheWriterWroteInEveryFloatType() throws IOException {
    float[] values = {1f, -2.5f, 0.1f, 3e-3f, 65504f, -0f};
    SafetensorsWriter.write(
        dir.resolve(Checkpoint.SINGLE),
        List.of(
            Entry.f32("a.f32", values, 2, 3),
            Entry.f16("b.f16", values, 6),
            Entry.bf16("c.bf16", values, 3, 2),
            Entry.i32("d.i32", new int[] {7, -1}, 2)),
        Map.of("format", "pt"));
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      assertThat(ckpt.names()).containsExactly("a.f32", "b.f16", "c.bf16", "d.i32");
      Tensor a = ckpt.find("a.f32");
      assertThat(a.info().shape()).containsExactly(2, 3);
      assertThat(a.toFloats()).containsExactly(values);
      Tensor b = ckpt.find("b.f16");
      for (int i = 0; i < values.length; i++) {
        assertThat(b.getFloat(i)).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(values[i])));
      }
      Tensor c = ckpt.find("c.bf16");
      assertThat(c.dtype()).isEqualTo(DType.BF16);
      assertThat(c.data().byteSize()).isEqualTo(12);
      assertThat(c.getFloat(0)).isEqualTo(1f);
      assertThat(c.getFloat(1)).isEqualTo(-2.5f);
      assertThat(c.getFloat(2)).isCloseTo(0.1f, org.assertj.core.api.Assertions.within(1e-3f));
      assertThat(ckpt.find("d.i32").toInts()).containsExactly(7, -1);
      assertThat(ckpt.find("missing")).isNull();
      assertThat(ckpt.byteSize()).isEqualTo(24 + 12 + 12 + 8);
    }
  }

  @Test
  void bf16RoundsToNearestEven() {
    assertThat(SafetensorsWriter.toBf16(1f)).isEqualTo((short) 0x3F80);
    // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1).
    assertThat(SafetensorsWriter.toBf16(1f + 0x1p-8f)).isEqualTo((short) 0x3F80);
    assertThat(SafetensorsWriter.toBf16(1f + 0x1p-8f + 0x1p-20f)).isEqualTo((short) 0x3F81);
    assertThat(SafetensorsWriter.toBf16(-1f)).isEqualTo((short) 0xBF80);
    assertThat(Float.isNaN(Float.intBitsToFloat(SafetensorsWriter.toBf16(Float.NaN) << 16)))
        .isTrue();
  }

  @Test
  void shardedCheckpointsResolveEachTensorThroughTheIndex() throws IOException {
    SafetensorsWriter.write(
        dir.resolve("model-00001-of-00002.safetensors"),
        List.of(Entry.f32("x", new float[] {1, 2}, 2)),
        Map.of());
    SafetensorsWriter.write(
        dir.resolve("model-00002-of-00002.safetensors"),
        List.of(Entry.f32("y", new float[] {3}, 1), Entry.f32("z", new float[] {4}, 1)),
        Map.of());
    Files.writeString(
        dir.resolve(Checkpoint.INDEX),
        """
        {"metadata": {"total_size": 16}, "weight_map": {
          "x": "model-00001-of-00002.safetensors",
          "y": "model-00002-of-00002.safetensors",
          "z": "model-00002-of-00002.safetensors"}}
        """);
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      assertThat(ckpt.names()).containsExactly("x", "y", "z");
      assertThat(ckpt.find("x").toFloats()).containsExactly(1, 2);
      assertThat(ckpt.find("z").toFloats()).containsExactly(4);
      assertThat(ckpt.find("y").file().getFileName().toString())
          .isEqualTo("model-00002-of-00002.safetensors");
    }
  }

  @Test
  void indexNamingAMissingShardOrTensorFails() throws IOException {
    SafetensorsWriter.write(
        dir.resolve("a.safetensors"), List.of(Entry.f32("x", new float[] {1}, 1)), Map.of());
    Files.writeString(
        dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"x\": \"b.safetensors\"}}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("b.safetensors")
        .hasMessageContaining("'x'")
        .hasMessageContaining("missing");
    Files.writeString(
        dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"w\": \"a.safetensors\"}}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'w'")
        .hasMessageContaining("does not hold it");
  }

  @Test
  void directoryWithoutWeightsFails() {
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void truncatedDataIsReportedWithTheTensorName() throws IOException {
    Path file = dir.resolve(Checkpoint.SINGLE);
    SafetensorsWriter.write(
        file, List.of(Entry.f32("w", new float[] {1, 2, 3, 4}, 2, 2)), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("truncated");
  }

  @Test
  void malformedHeadersAreReportedPrecisely() throws IOException {
    assertBad(
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 12]}}",
        12,
        "tensor 'w' holds 12 bytes, but F32[2, 2] needs 16");
    assertBad(
        "{\"w\": {\"dtype\": \"Q4\", \"shape\": [1], \"data_offsets\": [0, 1]}}",
        1,
        "unknown dtype 'Q4'");
    assertBad(
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4, "bad shape");
    assertBad("{\"w\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4, "data_offsets");
    assertBad(
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
            + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
        8,
        "tensors 'a' and 'b' overlap");
    assertBad("[1, 2]", 0, "not a JSON object");
    assertBad("{\"w\": ", 0, "not valid JSON");
  }

  @Test
  void impossibleHeaderLengthIsRejected() throws IOException {
    Path file = dir.resolve("x.safetensors");
    Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    assertThatThrownBy(() -> SafetensorsFile.open(file, java.lang.foreign.Arena.ofAuto()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("1000-byte header");
    Files.write(file, new byte[3]);
    assertThatThrownBy(() -> SafetensorsFile.open(file, java.lang.foreign.Arena.ofAuto()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("too short");
  }

  private void assertBad(String header, int dataBytes, String message) throws IOException {
    Path file = dir.resolve("bad.safetensors");
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Files.write(file, b.array());
    assertThatThrownBy(() -> SafetensorsFile.open(file, java.lang.foreign.Arena.ofAuto()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message);
  }
}
