package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path (one teacher-forced pass, greedy decoding only from the first mismatch on the
 * cached true prefix) against naive greedy generation from the context, row by row: identical
 * tokens, hence identical scores. Rows mix random tokens with rows built from the model's own
 * greedy continuations, so exact, partial and immediate mismatches all occur.
 */
class MemorizerTest {
  static Path model(String name) throws Exception {
    return Path.of(MemorizerTest.class.getResource("/io/memtrace/model/" + name).toURI());
  }

  @ParameterizedTest
  @CsvSource({"pythia-tiny, 8, 6", "pythia-tiny, 5, 11", "llama-tiny-f16, 6, 8", "gpt2-tiny, 4, 9"})
  void fastPathEqualsNaiveGreedy(String name, int c, int l) throws Exception {
    try (LanguageModel lm = LanguageModel.load(model(name), 2)) {
      List<Integer> eos = lm.config().eosTokenIds();
      SplittableRandom r = new SplittableRandom(c * 31L + l);
      int n = 12;
      int[][] rows = new int[n][c + l + 2];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < rows[i].length; j++) rows[i][j] = r.nextInt(lm.vocabSize());
      }
      // Rows 0..5: the context followed by the model's own greedy continuation, then corrupted at
      // position i - 1 (none for row 0), so the first mismatch falls everywhere.
      int[][] contexts = new int[6][];
      for (int i = 0; i < 6; i++) contexts[i] = java.util.Arrays.copyOf(rows[i], c);
      Generation[] own =
          lm.greedy(lm.newCache(6), contexts, GreedyOptions.uniform(6, l, c + l, eos));
      for (int i = 0; i < 6; i++) {
        System.arraycopy(own[i].tokens(), 0, rows[i], c, l);
        if (i > 0) {
          int at = c + Math.min(l - 1, (i - 1) * l / 5);
          rows[i][at] = (rows[i][at] + 1) % lm.vocabSize();
        }
      }
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) ids[i] = 100 + i;
      RowMemorization[] fast =
          new Memorizer(lm, eos, 0, java.util.Arrays::toString).run(ids, rows, c, l);
      int exact = 0;
      for (int i = 0; i < n; i++) {
        int[][] ctx = {java.util.Arrays.copyOf(rows[i], c)};
        Generation naive =
            lm.greedy(lm.newCache(1), ctx, GreedyOptions.uniform(1, l, c + l, eos))[0];
        assertThat(fast[i].generated()).as("row %d", i).isEqualTo(naive.tokens());
        int matches = 0;
        int first = l;
        for (int j = 0; j < l; j++) {
          if (naive.tokens()[j] == rows[i][c + j]) matches++;
          else if (first == l) first = j;
        }
        assertThat(fast[i].matches()).isEqualTo(matches);
        assertThat(fast[i].firstMismatch()).isEqualTo(first);
        assertThat(fast[i].row()).isEqualTo(100 + i);
        assertThat(fast[i].entropy()).hasSize(c - 1 + l);
        // Entropies of the decoded positions equal those greedy decoding reports.
        for (int j = 0; j < l; j++) {
          assertThat(fast[i].entropy()[c - 1 + j])
              .isCloseTo(naive.entropy()[j], org.assertj.core.data.Offset.offset(1e-4f));
        }
        if (fast[i].exact()) exact++;
      }
      assertThat(exact).as("row 0 is the model's own continuation").isGreaterThanOrEqualTo(1);
      assertThat(fast[0].score()).isEqualTo(1.0);
      assertThat(fast[0].bleu()).isEqualTo(1.0);
    }
  }

  @ParameterizedTest
  @CsvSource({"pythia-tiny, 8", "gpt2-tiny, 5"})
  void severalContinuationSizesEqualSeparateRuns(String name, int c) throws Exception {
    int[] ls = {7, 1, 16, 4};
    try (LanguageModel lm = LanguageModel.load(model(name), 2)) {
      List<Integer> eos = lm.config().eosTokenIds();
      SplittableRandom r = new SplittableRandom(c);
      int n = 7;
      int[][] rows = new int[n][c + 16];
      for (int[] row : rows) {
        for (int j = 0; j < row.length; j++) row[j] = r.nextInt(lm.vocabSize());
      }
      // Half the rows continue with the model's own greedy tokens, so long matches occur.
      int[][] contexts = new int[n][];
      for (int i = 0; i < n; i++) contexts[i] = java.util.Arrays.copyOf(rows[i], c);
      Generation[] own =
          lm.greedy(lm.newCache(n), contexts, GreedyOptions.uniform(n, 16, c + 16, eos));
      for (int i = 0; i < n; i += 2) System.arraycopy(own[i].tokens(), 0, rows[i], c, 16);
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) ids[i] = i;
      Memorizer memorizer = new Memorizer(lm, eos, 0, java.util.Arrays::toString);
      RowMemorization[][] shared = memorizer.run(ids, rows, c, ls);
      for (int s = 0; s < ls.length; s++) {
        RowMemorization[] alone = memorizer.run(ids, rows, c, ls[s]);
        for (int i = 0; i < n; i++) {
          RowMemorization a = alone[i];
          RowMemorization b = shared[s][i];
          String at = "L=" + ls[s] + " row " + i;
          assertThat(b.continuation()).as(at).isEqualTo(ls[s]);
          assertThat(b.generated()).as(at).isEqualTo(a.generated());
          assertThat(b.matches()).as(at).isEqualTo(a.matches());
          assertThat(b.firstMismatch()).as(at).isEqualTo(a.firstMismatch());
          assertThat(b.teacherForcedAccuracy()).as(at).isEqualTo(a.teacherForcedAccuracy());
          assertThat(b.entropy()).as(at).isEqualTo(a.entropy());
          assertThat(b.editDistance()).as(at).isEqualTo(a.editDistance());
          assertThat(b.bleu()).as(at).isEqualTo(a.bleu());
        }
      }
      assertThat(shared[2][0].exact()).as("row 0 is the model's own continuation").isTrue();
    }
  }
}
