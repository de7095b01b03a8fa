package io.memtrace.model.safetensors;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One safetensors file mapped read-only into memory: weights are read in place, never copied into
 * the heap. The mapping belongs to the arena passed in; closing that arena unmaps it and makes
 * every {@link Tensor} view of this file inaccessible.
 */
public final class SafetensorsFile {
  private final Path path;
  private final SafetensorsHeader header;
  private final MemorySegment data;

  private SafetensorsFile(Path path, SafetensorsHeader header, MemorySegment data) {
    this.path = path;
    this.header = header;
    this.data = data;
  }

  /** Maps {@code path} into {@code arena} and checks its header. */
  public static SafetensorsFile open(Path path, Arena arena) throws IOException {
    MemorySegment whole;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw BadInputException.in(
            path, "is " + size + " bytes, too short for a safetensors file (8-byte header size)");
      }
      whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    } catch (NoSuchFileException e) {
      throw BadInputException.in(path, "no such file");
    }
    long n = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
    if (n <= 0 || n > SafetensorsHeader.MAX_HEADER_BYTES || n > whole.byteSize() - 8) {
      throw BadInputException.in(
          path,
          "declares a "
              + n
              + "-byte header in a file of "
              + whole.byteSize()
              + " bytes; not a safetensors file, or truncated");
    }
    byte[] json = whole.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
    MemorySegment data = whole.asSlice(8 + n);
    return new SafetensorsFile(path, SafetensorsHeader.parse(path, json, data.byteSize()), data);
  }

  public Path path() {
    return path;
  }

  public Map<String, TensorInfo> tensors() {
    return header.tensors();
  }

  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** The tensor called {@code name}, or null when this file has none. */
  public Tensor tensor(String name) {
    TensorInfo info = header.tensors().get(name);
    if (info == null) return null;
    return new Tensor(path, info, data.asSlice(info.begin(), info.byteSize()));
  }
}
