package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint follows the weights, not the path. */
class WeightsFingerprintTest {
  static final Path FIXTURES = Path.of("src/test/resources/io/memtrace/model");

  @TempDir Path dir;

  @Test
  void aCopyKeepsItAndOtherWeightsChangeIt() throws Exception {
    Path a = FIXTURES.resolve("pythia-tiny");
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(a)) {
      for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
    }
    assertThat(WeightsFingerprint.of(copy)).isEqualTo(WeightsFingerprint.of(a)).hasSize(32);
    assertThat(WeightsFingerprint.of(FIXTURES.resolve("pythia-tiny-sequential-bf16")))
        .isNotEqualTo(WeightsFingerprint.of(a));
    // One weight changed in the first block (the header's tail and the first tensor's start).
    Path st = copy.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(st);
    long header =
        java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    bytes[(int) (8 + header + 1)] ^= 1;
    Files.write(st, bytes);
    assertThat(WeightsFingerprint.of(copy)).isNotEqualTo(WeightsFingerprint.of(a));
  }
}
