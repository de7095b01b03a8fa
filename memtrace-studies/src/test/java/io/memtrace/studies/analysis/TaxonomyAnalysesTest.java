package io.memtrace.studies.analysis;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.Progress;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.index.WindowCounts;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.DuplicateManifest;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taxonomy over rows a model memorizes, one of them planted six times: copies against a scan of
 * the indexed rows, the planted passage found as a recitation whether the index holds its copies or
 * only the manifest does, shares against the per-row labels.
 */
class TaxonomyAnalysesTest {
  static final int ROWS = 40;
  static final int C = 8;
  static final int L = 16;
  static final long[] PLANTED = {4, 5, 6, 7, 9, 10};

  @TempDir Path dir;

  /** Random rows, every fourth one model A's greedy continuation, row 4 planted at PLANTED. */
  private int[][] rows() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    int[][] data = new int[ROWS][StudyFixtures.LENGTH];
    for (int[] row : data) for (int j = 0; j < row.length; j++) row[j] = r.nextInt(256);
    try (LanguageModel lm = LanguageModel.load(StudyFixtures.A, 1)) {
      int n = ROWS / 4;
      int[][] ctx = new int[n][];
      for (int i = 0; i < n; i++) ctx[i] = Arrays.copyOf(data[i * 4], C);
      int rest = StudyFixtures.LENGTH - C;
      Generation[] g =
          lm.greedy(
              lm.newCache(n),
              ctx,
              GreedyOptions.uniform(n, rest, StudyFixtures.LENGTH, lm.config().eosTokenIds()));
      for (int i = 0; i < n; i++) System.arraycopy(g[i].tokens(), 0, data[i * 4], C, rest);
    }
    for (long p : PLANTED) data[(int) p] = data[4].clone();
    return data;
  }

  private static void store(Path prefix, int[][] data) throws Exception {
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 260)) {
      for (int[] row : data) w.add(row);
      w.commit();
    }
  }

  private static Path index(Path store, Path dir) throws Exception {
    try (TokenStore tokens = TokenStore.open(store)) {
      IndexWriter.build(
          tokens,
          StoreMetadata.readIfPresent(store),
          dir,
          new IndexWriter.Options(64 << 20, 1),
          Progress.NONE);
    }
    return dir;
  }

  /** The rows with the planted manifest beside them, scored by models A and B at (C, L). */
  private Path memorize(int[][] data) throws Exception {
    Path rows = dir.resolve("rows");
    store(rows, data);
    new DuplicateManifest(
            DuplicateManifest.FORMAT,
            DuplicateManifest.VERSION,
            StudyFixtures.LENGTH,
            List.of(new DuplicateManifest.Passage(0, PLANTED.length, data[4], PLANTED)))
        .write(dir.resolve(DuplicateManifest.FILE));
    Path db = dir.resolve("r.duckdb");
    MemorizationRunner.run(
        new MemorizationSettings(
            List.of(ModelRef.of(StudyFixtures.A), ModelRef.of(StudyFixtures.B)),
            rows,
            null,
            new RowSelection.All(),
            true,
            null,
            List.of(C),
            List.of(L),
            7,
            1,
            true,
            null),
        db,
        Reporter.SILENT);
    return db;
  }

  @Test
  void plantedPassagesAreRecitationsAndCopiesEqualAScan() throws Exception {
    int[][] data = rows();
    Path db = memorize(data);
    // The index of the training rows themselves: the planted copies are in it.
    Path index = index(dir.resolve("rows"), dir.resolve("index"));
    AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), index, false, 1), db);
    assertThat(dir.resolve("fig/taxonomy.svg")).exists();

    var labelled =
        table(
                db,
                "SELECT model, row, sequence_copies, continuation_copies, planted_copies,"
                    + " training_copies, category, repeating, incrementing, zlib_ratio"
                    + " FROM memorization_taxonomy")
            .values();
    var memorized = table(db, "SELECT model, row FROM memorization WHERE exact").values();
    assertThat(labelled).hasSameSizeAs(memorized);
    Map<String, Long> byCategory = new HashMap<>();
    Map<String, Long> byModel = new HashMap<>();
    int plantedSeen = 0;
    for (List<Object> r : labelled) {
      int row = ((Number) r.get(1)).intValue();
      int[] sequence = Arrays.copyOf(data[row], C + L);
      int[] tail = Arrays.copyOfRange(sequence, C, C + L);
      assertThat(((Number) r.get(2)).longValue()).isEqualTo(scan(data, sequence));
      assertThat(((Number) r.get(3)).longValue()).isEqualTo(scan(data, tail));
      String category = (String) r.get(6);
      boolean planted = Arrays.stream(PLANTED).anyMatch(p -> p == row);
      if (planted) {
        plantedSeen++;
        assertThat(((Number) r.get(4)).intValue()).isEqualTo(PLANTED.length);
        assertThat(category).isEqualTo("recitation");
      } else {
        assertThat(scan(data, sequence)).isLessThanOrEqualTo(5);
        boolean template = (Boolean) r.get(7) || (Boolean) r.get(8);
        assertThat(category).isEqualTo(template ? "reconstruction" : "recollection");
      }
      assertThat(((Number) r.get(9)).doubleValue()).isBetween(0.0, 2.0);
      // The templates of the whole sequence: its ids, and its text in the models' tokenizer.
      assertThat(r.get(7)).isEqualTo(io.memtrace.memorization.Templates.repeating(sequence));
      try (var tokenizer =
          io.memtrace.tokens.Tokenizer.load(StudyFixtures.A.resolve("tokenizer.json"))) {
        assertThat(r.get(8))
            .isEqualTo(
                io.memtrace.memorization.Templates.incrementing(
                    tokenizer.decode(
                        Arrays.stream(sequence).filter(t -> t < tokenizer.vocabSize()).toArray())));
      }
      byCategory.merge(r.get(0) + "|" + category, 1L, Long::sum);
      byModel.merge((String) r.get(0), 1L, Long::sum);
    }
    assertThat(plantedSeen).as("memorized planted rows").isPositive();
    var shares =
        table(db, "SELECT model, category, rows, memorized, share FROM analysis_taxonomy").values();
    assertThat(shares).hasSize(3 * byModel.size());
    for (List<Object> r : shares) {
      long rows0 = byCategory.getOrDefault(r.get(0) + "|" + r.get(1), 0L);
      long all = byModel.get((String) r.get(0));
      assertThat(((Number) r.get(2)).longValue()).isEqualTo(rows0);
      assertThat(((Number) r.get(3)).longValue()).isEqualTo(all);
      assertThat(((Number) r.get(4)).doubleValue()).isCloseTo((double) rows0 / all, within(1e-12));
    }
  }

  @Test
  void precomputedWindowCountsGiveTheSameTable() throws Exception {
    int[][] data = rows();
    Path db = memorize(data);
    Path rows = dir.resolve("rows");
    Path index = dir.resolve("index");
    try (TokenStore tokens = TokenStore.open(rows)) {
      IndexWriter.build(
          tokens,
          StoreMetadata.readIfPresent(rows),
          index,
          new IndexWriter.Options(64 << 20, 1, true),
          Progress.NONE);
    }
    String query =
        "SELECT model, row, context, continuation, sequence_copies, continuation_copies,"
            + " training_copies, category FROM memorization_taxonomy ORDER BY ALL";
    AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), index, false, 1), db);
    List<List<Object>> byQuery = List.copyOf(table(db, query).values());
    try (IndexReader reader = IndexReader.open(index);
        TokenStore tokens = TokenStore.open(rows)) {
      WindowCounts.write(
          reader, tokens, new int[] {0, C}, new int[] {L, C + L}, null, Progress.NONE);
    }
    try (IndexReader reader = IndexReader.open(index)) {
      assertThat(reader.windowCounts().has(0, C + L)).isTrue();
      assertThat(reader.windowCounts().has(C, L)).isTrue();
    }
    AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig2"), index, false, 1), db);
    assertThat(List.copyOf(table(db, query).values())).isNotEmpty().isEqualTo(byQuery);
  }

  @Test
  void anIndexOfTheCorpusLeavesThePlantedCopiesToTheManifest() throws Exception {
    int[][] data = rows();
    Path db = memorize(data);
    // The corpus the rows came from holds the passage once: its planted copies are other text.
    int[][] corpus = new int[ROWS][];
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < ROWS; i++) corpus[i] = data[i].clone();
    for (long p : PLANTED) {
      if (p == 4) continue;
      for (int j = 0; j < StudyFixtures.LENGTH; j++) corpus[(int) p][j] = r.nextInt(256);
    }
    store(dir.resolve("corpus"), corpus);
    Path index = index(dir.resolve("corpus"), dir.resolve("corpus-index"));
    AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), index, false, 1), db);
    var planted =
        table(
                db,
                "SELECT row, sequence_copies, planted_copies, training_copies, category FROM"
                    + " memorization_taxonomy WHERE planted_copies > 1")
            .values();
    assertThat(planted).isNotEmpty();
    int[] sequence = Arrays.copyOf(data[4], C + L);
    assertThat(scan(corpus, sequence)).isEqualTo(1);
    for (List<Object> row : planted) {
      assertThat(((Number) row.get(1)).longValue()).isEqualTo(1);
      assertThat(((Number) row.get(2)).intValue()).isEqualTo(PLANTED.length);
      assertThat(((Number) row.get(3)).longValue()).isEqualTo(PLANTED.length);
      assertThat(row.get(4)).isEqualTo("recitation");
    }
  }

  /** Occurrences of {@code gram} inside the rows, by trying every start. */
  private static long scan(int[][] data, int[] gram) {
    long n = 0;
    for (int[] row : data) {
      for (int s = 0; s + gram.length <= row.length; s++) {
        if (Arrays.equals(row, s, s + gram.length, gram, 0, gram.length)) n++;
      }
    }
    return n;
  }
}
