package io.memtrace.studies;

import io.memtrace.KilledChild;
import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.TextFileSource;
import io.memtrace.corpus.TextSplit;
import io.memtrace.index.IndexWriter;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.DuplicateManifest;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The studies' test inputs: the tiny fixture models of core, rows they trained on, a corpus. */
public final class StudyFixtures {
  public static final Path MODELS =
      Path.of("../memtrace-core/src/test/resources/io/memtrace/model");
  public static final Path A = MODELS.resolve("pythia-tiny");
  public static final Path B = MODELS.resolve("pythia-tiny-sequential-bf16");
  public static final int LENGTH = 30;

  private StudyFixtures() {}

  /**
   * 40 rows of 30 tokens in {@code dir/rows}: random ones, and every fourth one model A's own
   * greedy continuation of its first 8 tokens; rows 5, 6, 7 are one planted passage (3 copies) of
   * {@code dir/duplicates.json}.
   */
  public static Path rows(Path dir) throws Exception {
    Path rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(5);
    int[][] data = new int[40][LENGTH];
    for (int[] row : data) for (int j = 0; j < LENGTH; j++) row[j] = r.nextInt(256);
    try (LanguageModel lm = LanguageModel.load(A, 1)) {
      int[][] ctx = new int[10][];
      for (int i = 0; i < 10; i++) ctx[i] = Arrays.copyOf(data[i * 4], 8);
      Generation[] g =
          lm.greedy(
              lm.newCache(10), ctx, GreedyOptions.uniform(10, 22, 30, lm.config().eosTokenIds()));
      for (int i = 0; i < 10; i++) System.arraycopy(g[i].tokens(), 0, data[i * 4], 8, 22);
    }
    var passage = new DuplicateManifest.Passage(0, 3, data[5], new long[] {5, 6, 7});
    System.arraycopy(data[5], 0, data[6], 0, LENGTH);
    System.arraycopy(data[5], 0, data[7], 0, LENGTH);
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int[] row : data) w.add(row);
      w.commit();
    }
    new DuplicateManifest(
            DuplicateManifest.FORMAT, DuplicateManifest.VERSION, LENGTH, List.of(passage))
        .write(dir.resolve(DuplicateManifest.FILE));
    return rows;
  }

  /**
   * 30 random rows of 30 tokens in {@code dir/heldout}, where memorize finds a suite's held-out
   * rows beside {@code dir/rows}: membership inference's non-members.
   */
  public static Path heldOut(Path dir) throws Exception {
    Path prefix = dir.resolve("heldout");
    SplittableRandom r = new SplittableRandom(8);
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 260)) {
      for (int i = 0; i < 30; i++) {
        int[] row = new int[LENGTH];
        for (int j = 0; j < LENGTH; j++) row[j] = 1 + r.nextInt(255);
        w.add(row);
      }
      w.commit();
    }
    return prefix;
  }

  /** The documents tokenized with the fixtures' tokenizer, one per paragraph, and their index. */
  public static Path index(Path dir, List<String> documents) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, String.join("\n\n", documents));
    Path store = dir.resolve("store");
    try (Tokenizer tok = Tokenizer.load(A.resolve("tokenizer.json"))) {
      CorpusIngest.run(
          new TextFileSource(corpus, TextSplit.PARAGRAPH), tok, store, false, Progress.NONE);
    }
    Path index = dir.resolve("index");
    try (TokenStore tokens = TokenStore.open(store)) {
      IndexWriter.build(
          tokens,
          StoreMetadata.readIfPresent(store),
          index,
          new IndexWriter.Options(64 << 20, 1),
          Progress.NONE);
    }
    return index;
  }

  /** Rows of a query keyed by their position, values as JDBC objects (arrays as strings). */
  public static Map<String, List<Object>> table(Path db, String sql) throws Exception {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      int i = 0;
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
          Object o = r.getObject(k);
          row.add(o instanceof java.sql.Array ? r.getString(k) : o);
        }
        out.put(Integer.toString(i++), row);
      }
    }
    return out;
  }

  /**
   * Reports nothing, but says {@link KilledChild#writing} at the first progress: a runner in a
   * killed child has then created its database and starts producing results.
   */
  public static Reporter writingAtFirstProgress() {
    return new Reporter() {
      private boolean said;

      @Override
      public void note(String line) {}

      @Override
      public Meter progress(String task, long total, String unit, long unitSize) {
        if (!said) KilledChild.writing();
        said = true;
        return SILENT.progress(task, total, unit, unitSize);
      }
    };
  }

  /** Every table of a database by name, its rows in order ({@link #table}). */
  public static Map<String, Map<String, List<Object>>> tables(Path db) throws Exception {
    Map<String, Map<String, List<Object>>> out = new LinkedHashMap<>();
    for (List<Object> name :
        table(db, "SELECT table_name FROM information_schema.tables ORDER BY 1").values()) {
      out.put(
          (String) name.getFirst(),
          table(db, "SELECT * FROM \"" + name.getFirst() + "\" ORDER BY ALL"));
    }
    return out;
  }

  /** Runs SQL statements on a database outside memtrace (as a user or a lost write would). */
  public static void execute(Path db, String... sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    }
  }
}
