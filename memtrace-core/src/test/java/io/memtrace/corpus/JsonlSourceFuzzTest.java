package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.JsonMutations;
import io.memtrace.Mutations;
import io.memtrace.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated JSON Lines corpora read as documents that each name their line, or fail with a message
 * naming the file.
 */
class JsonlSourceFuzzTest {
  @TempDir Path dir;

  private static final byte[] VALID =
      """
      {"text": "the first document", "id": 1}
      {"id": 2, "text": "caf\\u00e9 \u00fcber \\ud83d\\ude00 \u4e2d", "meta": {"text": 3}}

      {"text": "tab\\there \\"quoted\\" \\\\ slash", "n": [1.5e3, -2, true, null]}
      """
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void mutatedJsonlReadsConsistentlyOrFailsNamingTheFile() {
    Mutations.run(VALID, 1, Mutations.cases(), "corpus.jsonl", this::readConsistently);
  }

  /** Types swapped, keys dropped or given twice, lines repeated, extreme numbers, deep nesting. */
  @Test
  void jsonlOfMutatedStructureReadsConsistentlyOrFailsNamingTheFile() {
    Mutations.run(
        JsonMutations::mutate, VALID, 1, Mutations.cases(), "corpus.jsonl", this::readConsistently);
  }

  private void readConsistently(byte[] input) throws Exception {
    Path file = dir.resolve("corpus.jsonl");
    Files.write(file, input);
    List<Document> read = new ArrayList<>();
    new JsonlSource(file, "text").read(d -> read.add(d), Progress.NONE);
    for (Document d : read) {
      assertThat(d.source()).startsWith(file + ":");
      assertThat(d.text()).isNotEmpty();
    }
  }
}
