package io.memtrace.model;

import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.safetensors.SafetensorsWriter;
import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import io.memtrace.model.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The tiny checkpoints and golden outputs written by {@code tools/lm_fixtures.py} from the
 * independent PyTorch reference {@code tools/lm_reference.py}.
 */
final class Fixtures {
  static final List<String> MODELS =
      List.of(
          "pythia-tiny", "pythia-tiny-sequential-bf16", "llama-tiny-f16", "gpt2-tiny", "olmo-tiny");

  private Fixtures() {}

  static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/io/memtrace/model/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies fixture {@code name} into {@code dir}, passing each tensor (as F32) through {@code
   * edit}.
   */
  static void rewrite(String name, Path dir, UnaryOperator<Entry> edit) throws IOException {
    Path source = dir(name);
    Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
    List<Entry> entries = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      SafetensorsFile file = SafetensorsFile.open(source.resolve(Checkpoint.SINGLE), arena);
      for (String tensor : file.tensors().keySet()) {
        Tensor t = file.tensor(tensor);
        Entry e = edit.apply(Entry.f32(tensor, t.toFloats(), t.info().shape()));
        if (e != null) entries.add(e);
      }
    }
    SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE), entries, Map.of());
  }

  /** The reference's outputs for one fixture. */
  record Golden(SafetensorsFile file) {
    static Golden of(String name, Arena arena) {
      try {
        return new Golden(SafetensorsFile.open(dir(name + ".golden.safetensors"), arena));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int count(String prefix) {
      return (int) file.tensors().keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    int[] ints(String name) {
      return tensor(name).toInts();
    }

    Tensor tensor(String name) {
      Tensor t = file.tensor(name);
      if (t == null) throw new IllegalArgumentException("no golden tensor " + name);
      return t;
    }

    int eos() {
      return Integer.parseInt(file.metadata().get("eos"));
    }

    int maxNew() {
      return Integer.parseInt(file.metadata().get("max_new"));
    }
  }
}
