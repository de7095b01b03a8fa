package io.memtrace.model.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file (format in {@link SafetensorsHeader}) that the Hugging Face libraries
 * read: tensors in the given order, the header padded with spaces to a multiple of 8 bytes so the
 * data section stays aligned. Written to a temporary file and renamed into place.
 */
public final class SafetensorsWriter {
  /** A tensor to write: its name, type, shape and little-endian bytes. */
  public record Entry(String name, DType dtype, long[] shape, byte[] bytes) {
    public Entry {
      long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
      if (elements * dtype.bytes() != bytes.length) {
        throw new IllegalArgumentException(
            name + ": " + bytes.length + " bytes for " + dtype + Arrays.toString(shape));
      }
    }

    public static Entry f32(String name, float[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) b.putFloat(v);
      return new Entry(name, DType.F32, shape, b.array());
    }

    /** Values rounded to the nearest BF16 (ties to even), as PyTorch's conversion does. */
    public static Entry bf16(String name, float[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) b.putShort(toBf16(v));
      return new Entry(name, DType.BF16, shape, b.array());
    }

    public static Entry f16(String name, float[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) b.putShort(Float.floatToFloat16(v));
      return new Entry(name, DType.F16, shape, b.array());
    }

    public static Entry i32(String name, int[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : values) b.putInt(v);
      return new Entry(name, DType.I32, shape, b.array());
    }
  }

  private SafetensorsWriter() {}

  /** The BF16 nearest to {@code v} (NaN stays NaN). */
  public static short toBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  public static void write(Path file, List<Entry> entries, Map<String, String> metadata)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : entries) {
      ObjectNode t = header.putObject(e.name());
      t.put("dtype", e.dtype().name());
      var shape = t.putArray("shape");
      for (long d : e.shape()) shape.add(d);
      t.putArray("data_offsets").add(offset).add(offset + e.bytes().length);
      offset += e.bytes().length;
    }
    byte[] text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(text, padded);
    Arrays.fill(head, text.length, padded, (byte) ' ');
    AtomicWrite.write(
        file,
        out -> {
          out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
          out.write(head);
          for (Entry e : entries) out.write(e.bytes());
        });
  }
}
