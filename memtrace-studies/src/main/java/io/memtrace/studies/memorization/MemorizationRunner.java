package io.memtrace.studies.memorization;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.DuplicateManifest;
import io.memtrace.model.suite.Suite;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.results.MembershipTable;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ModelRegistry;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Study A: memorization scores of training rows for every model and (C, L), into the results
 * database. One teacher-forced pass finds the first mismatch; greedy decoding runs only from there,
 * on the cached true prefix, and every L of a context shares that pass and one decoding. Each batch
 * of rows is one transaction and rows already stored are skipped, so a killed run is resumed by
 * running it again. The same pass gives each row's extraction probability by sampling and its
 * membership scores; rows of a held-out store (a suite's rows never trained on) get membership
 * scores too, as non-members ({@link MembershipTable}). With an index, each model's continuations
 * are then traced to the corpus ({@link ContinuationSpans}).
 *
 * <pre>{@code
 * var settings = MemorizationSettings.of(List.of(ModelRef.of(dir)), rows,
 *     new RowSelection.Sample(1000, 1), List.of(32), List.of(16, 32));
 * var result = MemorizationRunner.run(settings, Path.of("results.duckdb"), Reporter.SILENT);
 * }</pre>
 */
public final class MemorizationRunner {
  private MemorizationRunner() {}

  /**
   * @param rows how many rows were selected
   * @param heldOutRows how many held-out rows were scored as non-members (0 without a held-out
   *     store)
   * @param shares exact share and mean score of every model and (C, L) in the database
   */
  public record Result(int rows, long heldOutRows, List<MemorizationTable.ExactShare> shares) {}

  public static Result run(MemorizationSettings s, Path db, Reporter reporter)
      throws IOException, SQLException {
    try (TokenStore store =
        s.rowLength() == null
            ? TokenStore.open(s.rows())
            : TokenStore.openRows(s.rows(), s.rowLength(), TokenDtype.U16)) {
      Selected rows = selectRows(s, store);
      long[] selected = rows.rows();
      Map<Long, Integer> copies = rows.copies();
      Path heldOutPrefix = heldOut(s);
      try (IndexReader index = s.index() == null ? null : IndexReader.open(s.index());
          TokenStore heldOut = heldOutPrefix == null ? null : TokenStore.open(heldOutPrefix);
          ResultsDatabase results = ResultsDatabase.open(db)) {
        HeldOutMembership held =
            heldOut == null
                ? null
                : new HeldOutMembership(
                    heldOut, heldOutPrefix, Math.min(heldOut.sequenceCount(), selected.length));
        score(s, store, selected, copies, held, index, results, reporter);
        if (index != null) {
          for (ModelRef model : s.models()) {
            ContinuationSpans.trace(results, model.name(), index, reporter);
          }
        }
        return new Result(
            selected.length,
            held == null ? 0 : held.count(),
            MemorizationTable.exactShares(results.connection()));
      }
    }
  }

  /**
   * The rows study A scores and the copies of each in the training rows.
   *
   * @param rows the selected row numbers, ascending
   * @param copies copies of each row per the planted-duplicates manifest (1 for a row it does not
   *     name); null when there is no manifest
   */
  public record Selected(long[] rows, Map<Long, Integer> copies) {
    /** What the {@code duplicates} column holds for {@code row}. */
    public Integer duplicates(long row) {
      return copies == null ? null : copies.getOrDefault(row, 1);
    }
  }

  /**
   * The rows {@code s} selects from {@code store} (opened from {@code s.rows()}), checked to fit
   * every (C, L): what {@link #run} scores, for jobs that cut the rows among tasks.
   */
  public static Selected selectRows(MemorizationSettings s, TokenStore store) throws IOException {
    checkSizes(s, store);
    Map<Long, Integer> copies = new HashMap<>();
    List<Long> passages = new ArrayList<>();
    boolean manifest = duplicates(s, store, copies, passages);
    long[] selected = select(s, store.sequenceCount(), manifest ? passages : null);
    return new Selected(selected, manifest ? copies : null);
  }

  /** The held-out store given, or a suite's beside the rows; null when none. */
  private static Path heldOut(MemorizationSettings s) {
    if (s.heldOut() != null) return s.heldOut();
    Path beside = s.rows().toAbsolutePath().resolveSibling(Suite.HELD_OUT);
    return Files.exists(beside.resolveSibling(Suite.HELD_OUT + ".idx")) ? beside : null;
  }

  private static void checkSizes(MemorizationSettings s, TokenStore store)
      throws BadInputException {
    int shortest = Integer.MAX_VALUE;
    for (long r = 0; r < Math.min(store.sequenceCount(), 1000); r++) {
      shortest = Math.min(shortest, store.sequenceLength(r));
    }
    for (int c : s.contexts()) {
      for (int l : s.continuations()) {
        if (c < 1 || l < 1 || c + l > shortest) {
          throw new BadInputException(
              s.rows()
                  + ": C = "
                  + c
                  + " + L = "
                  + l
                  + " does not fit rows of "
                  + shortest
                  + " tokens");
        }
      }
    }
  }

  /** Reads the manifest (given or beside the store) into copies per row; false when none. */
  private static boolean duplicates(
      MemorizationSettings s, TokenStore store, Map<Long, Integer> copies, List<Long> passages)
      throws IOException {
    Path file = s.duplicates();
    if (file == null) {
      Path beside = s.rows().toAbsolutePath().resolveSibling(DuplicateManifest.FILE);
      if (Files.exists(beside)) file = beside;
    }
    if (file == null) return false;
    for (DuplicateManifest.Passage p : DuplicateManifest.read(file).passages()) {
      passages.add(p.rows()[0]);
      for (long r : p.rows()) {
        if (r >= store.sequenceCount()) {
          throw BadInputException.in(file, "row " + r + " is past the store's last row");
        }
        copies.put(r, p.count());
      }
    }
    return true;
  }

  private static long[] select(MemorizationSettings s, long count, List<Long> passages)
      throws BadInputException {
    TreeSet<Long> out = new TreeSet<>();
    switch (s.selection()) {
      case RowSelection.All all -> {
        for (long r = 0; r < count; r++) out.add(r);
      }
      case RowSelection.Sample sample -> {
        if (sample.count() > count || sample.count() < 1) {
          throw new BadInputException(
              "--sample " + sample.count() + ": the store has " + count + " rows");
        }
        SplittableRandom random = new SplittableRandom(sample.seed());
        while (out.size() < sample.count()) out.add(random.nextLong(count));
      }
      case RowSelection.TrainingSteps steps -> {
        long a = steps.from();
        long b = steps.to();
        if (a < 0 || b <= a || b * steps.batch() > count) {
          throw new BadInputException(
              "--rows-of-steps "
                  + a
                  + ":"
                  + b
                  + " x "
                  + steps.batch()
                  + " rows: the store has "
                  + count
                  + " rows");
        }
        for (long r = a * steps.batch(); r < b * steps.batch(); r++) out.add(r);
      }
    }
    if (s.includeDuplicates()) {
      if (passages == null) throw new BadInputException("--include-duplicates: no manifest found");
      out.addAll(passages);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static void score(
      MemorizationSettings s,
      TokenStore store,
      long[] selected,
      Map<Long, Integer> copies,
      HeldOutMembership held,
      IndexReader index,
      ResultsDatabase results,
      Reporter reporter)
      throws IOException, SQLException {
    StoreMetadata meta = StoreMetadata.readIfPresent(s.rows());
    var source =
        new MemorizationTable.Source(
            s.rows().toAbsolutePath().normalize(), s.rowLength(), s.eosSuppressed());
    int[] ls = s.continuations().stream().mapToInt(Integer::intValue).toArray();
    long perModel = selected.length + (held == null ? 0 : held.count());
    long units = (long) s.models().size() * s.contexts().size() * ls.length * perModel;
    try (var bar = reporter.progress("memorize", units, "rows", 1)) {
      for (ModelRef model : s.models()) {
        try (RowScorer scorer = RowScorer.open(model, s.threads(), s.eosSuppressed(), s.topK())) {
          LanguageModel lm = scorer.model();
          Tokenizer tokenizer = scorer.tokenizer();
          String sha = scorer.tokenizerSha();
          if (meta != null
              && meta.tokenizerSha256() != null
              && sha != null
              && !sha.equals(meta.tokenizerSha256())) {
            throw new BadInputException(
                model.dir()
                    + ": its tokenizer differs from the one of "
                    + s.rows()
                    + " (SHA-256 "
                    + sha
                    + " vs "
                    + meta.tokenizerSha256()
                    + ")");
          }
          if (index != null) ContinuationSpans.checkTokenizer(index, model.name(), sha);
          ModelRegistry.register(results, model, lm);
          MemorizationTable.registerSource(results, model.name(), source);
          for (int c : s.contexts()) {
            scoreContext(s, store, selected, copies, results, scorer, c, ls, bar);
            if (held != null) {
              held.score(s.batchRows(), results, model.name(), lm, tokenizer, c, ls, bar);
            }
          }
        }
      }
    }
  }

  /**
   * Every continuation size of a context shares one pass and one decoding per row: a row is run
   * when any of its sizes is missing, and only the missing ones are stored.
   */
  private static void scoreContext(
      MemorizationSettings s,
      TokenStore store,
      long[] selected,
      Map<Long, Integer> copies,
      ResultsDatabase results,
      RowScorer scorer,
      int c,
      int[] ls,
      Reporter.Meter bar)
      throws IOException, SQLException {
    String name = scorer.ref().name();
    List<Set<Long>> done = new ArrayList<>();
    for (int l : ls) done.add(MemorizationTable.scoredRows(results.connection(), name, c, l));
    List<Long> todo = new ArrayList<>();
    for (long r : selected) {
      int have = 0;
      for (Set<Long> d : done) if (d.contains(r)) have++;
      bar.advance(have);
      if (have < ls.length) todo.add(r);
    }
    for (int i = 0; i < todo.size(); i += s.batchRows()) {
      int m = Math.min(s.batchRows(), todo.size() - i);
      long[] ids = new long[m];
      for (int k = 0; k < m; k++) ids[k] = todo.get(i + k);
      RowMemorization[][] scored = scorer.score(store, s.rows(), ids, c, ls);
      List<RowMemorization> missing = new ArrayList<>();
      List<MembershipTable.Entry> members = new ArrayList<>();
      for (int k = 0; k < ls.length; k++) {
        for (RowMemorization row : scored[k]) {
          if (done.get(k).contains(row.row())) continue;
          missing.add(row);
          members.add(new MembershipTable.Entry(row.row(), c, ls[k], row.membership()));
        }
      }
      RowMemorization[] insert = missing.toArray(RowMemorization[]::new);
      Integer[] dup = new Integer[insert.length];
      for (int k = 0; k < insert.length; k++) {
        dup[k] = copies == null ? null : copies.getOrDefault(insert[k].row(), 1);
      }
      results.transaction(
          conn -> {
            MemorizationTable.insert(conn, name, insert, dup, s.topK());
            MembershipTable.insert(conn, name, MembershipTable.MEMBER, members);
          });
      bar.advance(insert.length);
    }
  }
}
