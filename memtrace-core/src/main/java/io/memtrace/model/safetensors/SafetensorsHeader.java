package io.memtrace.model.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.JsonMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file, checked against the size of the data section.
 *
 * <pre>
 * file     := u64le n, header[n], data
 * header   := UTF-8 JSON object (space padding allowed):
 *             { "__metadata__": {string: string}?, name: {"dtype": D, "shape": [u64...],
 *               "data_offsets": [begin, end]} ... }
 * data     := the tensors' bytes, little endian, row-major; [begin, end) relative to data start
 * </pre>
 *
 * Every tensor must lie inside the data section, hold exactly elements x element-size bytes and not
 * overlap another one.
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
  /** The largest header the reference implementation accepts. */
  public static final long MAX_HEADER_BYTES = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  public SafetensorsHeader {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Parses {@code json}, the header of {@code file} whose data section has {@code dataBytes}. */
  public static SafetensorsHeader parse(Path file, byte[] json, long dataBytes)
      throws BadInputException {
    JsonNode root;
    try {
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw BadInputException.in(
          file, "the safetensors header is not valid JSON (" + JsonMessages.of(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw BadInputException.in(file, "the safetensors header is not a JSON object");
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
      } else {
        tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), dataBytes));
      }
    }
    requireDisjoint(file, tensors);
    return new SafetensorsHeader(tensors, metadata);
  }

  private static TensorInfo tensor(Path file, String name, JsonNode node, long dataBytes)
      throws BadInputException {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) throw BadInputException.in(file, where + " is not a JSON object");
    String dtypeName = node.path("dtype").asText("");
    DType dtype =
        DType.parse(dtypeName)
            .orElseThrow(
                () -> BadInputException.in(file, where + " has unknown dtype '" + dtypeName + "'"));
    JsonNode shapeNode = node.path("shape");
    if (!shapeNode.isArray()) throw BadInputException.in(file, where + " has no \"shape\" array");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw BadInputException.in(file, where + " has a bad shape " + shapeNode);
      }
      shape[i] = d.asLong();
    }
    JsonNode offsets = node.path("data_offsets");
    if (!offsets.isArray()
        || offsets.size() != 2
        || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()) {
      throw BadInputException.in(file, where + " has no \"data_offsets\": [begin, end]");
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin || end > dataBytes) {
      throw BadInputException.in(
          file,
          where
              + " has data_offsets ["
              + begin
              + ", "
              + end
              + "] outside the data section of "
              + dataBytes
              + " bytes (a truncated file?)");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(info.elements(), dtype.bytes());
    } catch (ArithmeticException e) {
      throw BadInputException.in(file, where + " has an impossibly large shape " + shapeNode);
    }
    if (expected != end - begin) {
      throw BadInputException.in(
          file,
          where
              + " holds "
              + (end - begin)
              + " bytes, but "
              + dtype
              + info.shapeString()
              + " needs "
              + expected);
    }
    return info;
  }

  private static void requireDisjoint(Path file, Map<String, TensorInfo> tensors)
      throws BadInputException {
    List<TensorInfo> sorted = new ArrayList<>(tensors.values());
    sorted.removeIf(t -> t.byteSize() == 0);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin));
    for (int i = 1; i < sorted.size(); i++) {
      TensorInfo a = sorted.get(i - 1);
      TensorInfo b = sorted.get(i);
      if (b.begin() < a.end()) {
        throw BadInputException.in(
            file, "tensors '" + a.name() + "' and '" + b.name() + "' overlap in the data section");
      }
    }
  }
}
