package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stores written by {@link TokenStoreWriter} read exactly as tools/megatron_read.py, a
 * standard-library reader of the published format, reads them. python3 is part of every machine
 * this project builds on, so its absence fails the test rather than skipping it.
 */
class MegatronReadInteropTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void theReferenceReaderSeesWhatWasWritten(long seed) throws Exception {
    Random random = new Random(seed);
    int vocab = random.nextBoolean() ? 50_277 : 1 << 20;
    List<int[]> docs = TokenStoreRoundTripTest.randomDocuments(random, vocab);
    Path prefix = dir.resolve("store");
    TokenStoreRoundTripTest.write(prefix, vocab, docs);

    JsonNode read = new ObjectMapper().readTree(runReader(prefix));
    int width = vocab <= 65_536 ? 2 : 4;
    assertThat(read.get("dtype").asText()).isEqualTo(width == 2 ? "u16" : "i32");
    assertThat(read.get("sizes").size()).isEqualTo(docs.size());
    assertThat(read.get("doc_idx").size()).isEqualTo(docs.size() + 1);
    long pointer = 0;
    for (int d = 0; d < docs.size(); d++) {
      int[] doc = docs.get(d);
      assertThat(read.get("sizes").get(d).intValue()).isEqualTo(doc.length);
      assertThat(read.get("pointers").get(d).longValue()).isEqualTo(pointer);
      assertThat(read.get("doc_idx").get(d).longValue()).isEqualTo(d);
      JsonNode sequence = read.get("sequences").get(d);
      assertThat(sequence.size()).isEqualTo(doc.length);
      for (int k = 0; k < doc.length; k++) {
        assertThat(sequence.get(k).intValue()).as("document %d token %d", d, k).isEqualTo(doc[k]);
      }
      pointer += (long) doc.length * width;
    }
    assertThat(read.get("doc_idx").get(docs.size()).longValue()).isEqualTo(docs.size());
  }

  private static String runReader(Path prefix) throws Exception {
    Path script = locate("tools/megatron_read.py");
    Process p;
    try {
      p =
          new ProcessBuilder("python3", script.toString(), prefix.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      return fail("python3 is required to run " + script + " but could not be started: " + e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit status of python3 %s", script).isZero();
    return out;
  }

  /** Finds {@code relative} in the working directory or one of its parents (the repository). */
  private static Path locate(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    return fail(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
