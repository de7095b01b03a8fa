package io.memtrace.model.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists in its {@code weight_map}. All files are mapped into
 * one shared arena, so views may be read from any thread; {@link #close()} unmaps them.
 */
public final class Checkpoint implements AutoCloseable {
  public static final String SINGLE = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";

  private final Path dir;
  private final Arena arena;
  private final Map<String, SafetensorsFile> byTensor;

  private Checkpoint(Path dir, Arena arena, Map<String, SafetensorsFile> byTensor) {
    this.dir = dir;
    this.arena = arena;
    this.byTensor = Collections.unmodifiableMap(byTensor);
  }

  /** Opens the weights of the model directory {@code dir}. */
  public static Checkpoint open(Path dir) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
      if (Files.exists(dir.resolve(SINGLE))) {
        SafetensorsFile file = SafetensorsFile.open(dir.resolve(SINGLE), arena);
        for (String name : file.tensors().keySet()) byTensor.put(name, file);
      } else if (Files.exists(dir.resolve(INDEX))) {
        sharded(dir, dir.resolve(INDEX), arena, byTensor);
      } else {
        throw BadInputException.in(
            dir, "has neither " + SINGLE + " nor " + INDEX + "; expected a Hugging Face model");
      }
      return new Checkpoint(dir, arena, byTensor);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static void sharded(
      Path dir, Path index, Arena arena, Map<String, SafetensorsFile> byTensor) throws IOException {
    JsonNode weightMap;
    try {
      weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
    } catch (IOException e) {
      throw new BadInputException(index + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (!weightMap.isObject() || weightMap.isEmpty()) {
      throw BadInputException.in(
          index, "has no \"weight_map\" object naming the shard of each tensor");
    }
    Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
      String shardName = e.getValue().asText();
      Path shardPath = dir.resolve(shardName).normalize();
      if (!shardPath.startsWith(dir.normalize()) || shardName.isEmpty()) {
        throw BadInputException.in(
            index, "names shard '" + shardName + "' outside the model directory");
      }
      SafetensorsFile shard = shards.get(shardName);
      if (shard == null) {
        if (!Files.exists(shardPath)) {
          throw BadInputException.in(
              index,
              "names shard " + shardName + " for tensor '" + e.getKey() + "', which is missing");
        }
        shard = SafetensorsFile.open(shardPath, arena);
        shards.put(shardName, shard);
      }
      if (!shard.tensors().containsKey(e.getKey())) {
        throw BadInputException.in(
            index, "puts tensor '" + e.getKey() + "' in " + shardName + ", which does not hold it");
      }
      byTensor.put(e.getKey(), shard);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Names of all tensors, in file order. */
  public Set<String> names() {
    return byTensor.keySet();
  }

  public boolean has(String name) {
    return byTensor.containsKey(name);
  }

  /** The tensor called {@code name}, or null when the checkpoint has none. */
  public Tensor find(String name) {
    SafetensorsFile file = byTensor.get(name);
    return file == null ? null : file.tensor(name);
  }

  /** Total bytes of all tensors. */
  public long byteSize() {
    long n = 0;
    for (String name : byTensor.keySet()) n += byTensor.get(name).tensors().get(name).byteSize();
    return n;
  }

  /** The arena the files are mapped into; allocations in it live as long as the checkpoint. */
  public Arena arena() {
    return arena;
  }

  @Override
  public void close() {
    arena.close();
  }
}
