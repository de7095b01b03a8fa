package io.memtrace.model;

import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

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
