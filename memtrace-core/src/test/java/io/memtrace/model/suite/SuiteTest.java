package io.memtrace.model.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.training.TrainingRows;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite rows, planted passages, held-out rows, training, caching, resumption and refusals on a tiny
 * preset.
 */
class SuiteTest {
  static final int VOCAB = 256;

  static SuitePreset tiny(int steps, List<SuitePreset.Size> sizes) {
    return new SuitePreset(
        "tiny", sizes, 4, 17, steps, List.of(steps / 2, steps), List.of(1, 2, 4), 2, 12, 1e-4, 9);
  }

  static final List<SuitePreset.Size> SIZES =
      List.of(new SuitePreset.Size("a", 16, 1, 2, 5e-3), new SuitePreset.Size("b", 32, 2, 2, 5e-3));

  /** Random documents whose tokens are unique enough that every 17-token chunk is distinct. */
  static Path corpus(Path dir, long tokens) throws Exception {
    Path prefix = dir.resolve("corpus");
    SplittableRandom r = new SplittableRandom(3);
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, VOCAB)) {
      long written = 0;
      while (written < tokens) {
        int[] doc = new int[1 + r.nextInt(60)];
        for (int i = 0; i < doc.length; i++) doc[i] = 1 + r.nextInt(VOCAB - 1);
        doc[doc.length - 1] = 0;
        w.add(doc);
        written += doc.length;
      }
      w.commit();
    }
    return prefix;
  }

  static Path tokenizer() throws Exception {
    return Path.of(
        SuiteTest.class
            .getResource("/io/memtrace/model/training/neox-train-parallel/tokenizer.json")
            .toURI());
  }

  @Test
  void rowsHoldEachChunkOnceAndPlantedPassagesExactlyAtTheirRows(@TempDir Path tmp)
      throws Exception {
    SuitePreset p = tiny(20, SIZES);
    Path corpus = corpus(tmp, 3000);
    DuplicateManifest m;
    try (TokenStore c = TokenStore.open(corpus)) {
      m = SuiteRows.build(c, null, VOCAB, p, tmp.resolve("rows"), tmp.resolve("heldout"));
      // Every corpus chunk, by content.
      Map<String, Integer> chunks = new HashMap<>();
      for (int i = 0; i < c.tokenCount() / 17; i++) {
        chunks.put(Arrays.toString(c.tokens(i * 17L, i * 17L + 17)), i);
      }
      try (TokenStore rows = TokenStore.open(tmp.resolve("rows"))) {
        assertThat(rows.sequenceCount()).isEqualTo(p.trainingRows());
        Map<String, List<Long>> where = new HashMap<>();
        for (long r = 0; r < rows.sequenceCount(); r++) {
          String key = Arrays.toString(rows.sequence(r));
          assertThat(chunks).as("row %d is a corpus chunk", r).containsKey(key);
          where.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        java.util.Set<String> trained = new java.util.HashSet<>(where.keySet());
        long plantedRows = 0;
        for (DuplicateManifest.Passage passage : m.passages()) {
          List<Long> at = where.remove(Arrays.toString(passage.tokens()));
          assertThat(at).as("passage %d", passage.id()).hasSize(passage.count());
          assertThat(at)
              .containsExactly(Arrays.stream(passage.rows()).boxed().toArray(Long[]::new));
          plantedRows += passage.count();
        }
        assertThat(plantedRows).isEqualTo(p.plantedRows());
        // The other rows are seen exactly once.
        assertThat(where.values()).allSatisfy(at -> assertThat(at).hasSize(1));
        // Held-out rows are distinct corpus chunks that no training row holds.
        try (TokenStore held = TokenStore.open(tmp.resolve("heldout"))) {
          assertThat(held.sequenceCount()).isEqualTo(p.heldOutRows());
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (long r = 0; r < held.sequenceCount(); r++) {
            String key = Arrays.toString(held.sequence(r));
            assertThat(chunks).as("held-out row %d is a corpus chunk", r).containsKey(key);
            assertThat(trained).as("held-out row %d", r).doesNotContain(key);
            assertThat(seen.add(key)).isTrue();
          }
        }
        assertThat(m.passages())
            .extracting(DuplicateManifest.Passage::count)
            .containsExactly(1, 1, 2, 2, 4, 4);
        // Training step s reads rows s * batch + i.
        TrainingRows tr = TrainingRows.of(rows);
        int[] row = new int[17];
        tr.read(3 * 4 + 2, row);
        assertThat(row).isEqualTo(rows.sequence(14));
      }
    }
    m.write(tmp.resolve("d.json"));
    assertThat(DuplicateManifest.read(tmp.resolve("d.json")).passages().get(5).rows())
        .isEqualTo(m.passages().get(5).rows());
  }

  @Test
  void trainsCachesResumesAndRefuses(@TempDir Path tmp) throws Exception {
    Path corpus = corpus(tmp, 3000);
    Path dir = tmp.resolve("suite");
    SuitePreset p = tiny(12, SIZES);
    Suite.Manifest first = Suite.train(p, tokenizer(), corpus, dir, 2, (m, s, l) -> {});
    assertThat(first.models()).extracting(Suite.Model::name).containsExactly("a", "b");
    assertThat(first.models().get(1).nonEmbeddingParameters())
        .isGreaterThan(first.models().get(0).nonEmbeddingParameters());
    Path last = dir.resolve(first.models().get(1).finalCheckpoint());
    try (LanguageModel lm = LanguageModel.load(last, 1)) {
      assertThat(lm.config().architecture()).isEqualTo("GPTNeoXForCausalLM");
    }
    float[] trained = weights(last);
    // Every checkpoint on disk: each model's steps, in the manifest's order.
    List<Path> expected = new ArrayList<>();
    for (Suite.Model m : first.models()) {
      assertThat(m.checkpointSteps()).isNotEmpty();
      for (int step : m.checkpointSteps()) {
        expected.add(dir.resolve("models").resolve(m.name()).resolve("step" + step));
      }
    }
    assertThat(Suite.checkpoints(dir)).containsExactlyElementsOf(expected).contains(last);

    // Same configuration: reused without training.
    long mtime = Files.getLastModifiedTime(last.resolve("model.safetensors")).toMillis();
    Suite.Manifest again =
        Suite.train(
            p,
            tokenizer(),
            corpus,
            dir,
            2,
            (m, s, l) -> {
              throw new AssertionError("retrained");
            });
    assertThat(again).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(last.resolve("model.safetensors")).toMillis())
        .isEqualTo(mtime);

    // Interrupted after the middle checkpoint: continues to identical weights.
    Files.delete(dir.resolve(Suite.MANIFEST));
    deleteTree(last);
    List<Long> steps = new ArrayList<>();
    Suite.train(p, tokenizer(), corpus, dir, 1, (m, s, l) -> steps.add(s));
    assertThat(steps).hasSize(6).allMatch(s -> s > 6); // model a was finished
    assertThat(weights(last)).isEqualTo(trained);

    // Another configuration in the same directory, a foreign directory, an impossible model.
    assertThatThrownBy(
            () -> Suite.train(tiny(16, SIZES), tokenizer(), corpus, dir, 1, (m, s, l) -> {}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("another configuration");
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> Suite.train(p, tokenizer(), corpus, foreign, 1, (m, s, l) -> {}))
        .hasMessageContaining("not empty");
    Path fresh = tmp.resolve("fresh");
    var odd = List.of(new SuitePreset.Size("odd", 30, 1, 4, 1e-3));
    assertThatThrownBy(
            () -> Suite.train(tiny(12, odd), tokenizer(), corpus, fresh, 1, (m, s, l) -> {}))
        .hasMessageContaining("do not divide");
    assertThatThrownBy(
            () -> Suite.train(tiny(400, SIZES), tokenizer(), corpus, fresh, 1, (m, s, l) -> {}))
        .hasMessageContaining("needs");
    assertThat(fresh).doesNotExist();
  }

  private static float[] weights(Path dir) throws Exception {
    try (Checkpoint c = Checkpoint.open(dir)) {
      return c.find("embed_out.weight").toFloats();
    }
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(q);
      }
    }
  }
}
