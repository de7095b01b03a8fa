package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.WindowCounts;
import io.memtrace.memorization.Compressibility;
import io.memtrace.memorization.MemorizationCategory;
import io.memtrace.memorization.Templates;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.TaxonomyTable;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels every memorized row recitation, reconstruction or recollection ({@link
 * MemorizationCategory}) with the features of Prashanth et al. 2024 counted in the corpus index
 * ({@link TaxonomyTable}), and the shares of each category:
 *
 * <pre>
 * analysis_taxonomy(model, family, size, step, context, continuation,
 *        category VARCHAR,           -- every category, 0 rows included
 *        rows BIGINT,                -- memorized rows of the category
 *        memorized BIGINT,           -- memorized rows of the model at (C, L)
 *        share DOUBLE,               -- rows / memorized
 *        planted_rows BIGINT)        -- of rows, those of planted passages (planted_copies > 1)
 * </pre>
 *
 * Every scored checkpoint is a row, so shares compare across sizes (figure {@code taxonomy}) and
 * across steps (figure {@code taxonomy_steps}, the largest size's checkpoints).
 */
final class TaxonomyAnalyses {
  private TaxonomyAnalyses() {}

  /**
   * The tokenizer that gives a row its text (for the incrementing template): the index's (or the
   * one named for an index that records none), else the first scored model's own.
   */
  static Tokenizer tokenizer(ResultsDatabase db, IndexReader index, Path named)
      throws SQLException, IOException {
    if (named != null || index.manifest().tokenizer() != null) return index.tokenizer(named);
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT path FROM models JOIN memorization_sources USING (model) WHERE path IS NOT"
                    + " NULL ORDER BY model LIMIT 1")) {
      if (!r.next()) {
        throw BadInputException.in(
            index.directory(), "records no tokenizer, and no scored model names one; pass one");
      }
      return Tokenizer.load(Path.of(r.getString(1)).resolve("tokenizer.json"));
    }
  }

  /**
   * The sequence's text; ids past the tokenizer's vocabulary (a model's padded rows, which its
   * greedy continuation may hold) are left out, as Hugging Face's decode leaves unknown ids out.
   */
  static String text(Tokenizer tokenizer, int[] sequence) {
    int vocab = tokenizer.vocabSize();
    return tokenizer.decode(Arrays.stream(sequence).filter(t -> t >= 0 && t < vocab).toArray());
  }

  static List<String> run(ResultsDatabase db, IndexReader index, Tokenizer tokenizer, Path figures)
      throws SQLException, IOException {
    Connection c = db.connection();
    List<TaxonomyTable.Row> labelled = new ArrayList<>();
    Map<MemorizationTable.Source, TokenStore> stores = new HashMap<>();
    Map<Integer, Long> unigrams = new HashMap<>();
    Map<String, long[]> copies = new HashMap<>(); // rows recur across models: count once
    Map<TokenStore, WindowCounts> precomputed = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, row, context, continuation, duplicates, extraction_logprob FROM"
                    + " memorization WHERE exact ORDER BY model, row, context, continuation")) {
      String model = null;
      MemorizationTable.Source source = null;
      TokenStore store = null;
      while (r.next()) {
        if (!r.getString(1).equals(model)) {
          model = r.getString(1);
          source = MemorizationTable.source(db, model);
          TokenStore open = stores.get(source);
          if (open == null) stores.put(source, open = source.open());
          store = open;
        }
        long row = r.getLong(2);
        int context = r.getInt(3);
        int continuation = r.getInt(4);
        int planted = r.getInt(5);
        Integer plantedCopies = r.wasNull() ? null : planted;
        double logprob = r.getDouble(6);
        Double perplexity = r.wasNull() ? null : Math.exp(-logprob / continuation);
        int[] sequence = Arrays.copyOf(store.sequence(row), context + continuation);
        int[] tail = Arrays.copyOfRange(sequence, context, sequence.length);
        WindowCounts windows = precomputed.computeIfAbsent(store, t -> windowsOf(index, t));
        long[] counts =
            copies.computeIfAbsent(
                source + "|" + row + "|" + context + "|" + continuation,
                k ->
                    new long[] {
                      count(index, windows, row, 0, sequence),
                      count(index, windows, row, context, tail)
                    });
        double sum = 0;
        long min = Long.MAX_VALUE;
        for (int t : sequence) {
          long f = unigrams.computeIfAbsent(t, k -> count(index, new int[] {k}));
          sum += f;
          min = Math.min(min, f);
        }
        long training = Math.max(counts[0], plantedCopies == null ? 0 : plantedCopies);
        // As the released code: the whole sequence, repetition in its ids, counters in its text.
        boolean repeating = Templates.repeating(sequence);
        boolean incrementing = Templates.incrementing(text(tokenizer, sequence));
        labelled.add(
            new TaxonomyTable.Row(
                model,
                row,
                context,
                continuation,
                counts[0],
                counts[1],
                plantedCopies,
                training,
                Compressibility.zlibRatio(sequence),
                sum / sequence.length,
                min,
                perplexity,
                repeating,
                incrementing,
                MemorizationCategory.of(training, repeating || incrementing).label()));
      }
    } finally {
      for (TokenStore t : stores.values()) t.close();
    }
    TaxonomyTable.write(db, labelled);
    StringBuilder categories = new StringBuilder();
    for (MemorizationCategory k : MemorizationCategory.values()) {
      categories
          .append(categories.isEmpty() ? "" : ", ")
          .append('\'')
          .append(k.label())
          .append('\'');
    }
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_taxonomy AS WITH g AS (SELECT model, context,"
            + " continuation, count(*) AS memorized FROM memorization_taxonomy GROUP BY ALL), k AS"
            + " (SELECT model, context, continuation, category, count(*) AS rows, count(*) FILTER"
            + " (WHERE planted_copies > 1) AS planted_rows FROM memorization_taxonomy GROUP BY"
            + " ALL) SELECT g.model, m.family, m.non_embedding_parameters AS size, m.step,"
            + " g.context, g.continuation, c.category, coalesce(k.rows, 0) AS rows, g.memorized,"
            + " coalesce(k.rows, 0) / g.memorized AS share, coalesce(k.planted_rows, 0) AS"
            + " planted_rows FROM g JOIN models m USING (model) CROSS JOIN (SELECT unnest(["
            + categories
            + "]) AS category) c LEFT JOIN k ON k.model = g.model AND k.context = g.context AND"
            + " k.continuation = g.continuation AND k.category = c.category ORDER BY m.family,"
            + " size, m.step, g.model, g.context, g.continuation, c.category");
    figure(c, figures);
    return List.of(TaxonomyTable.TABLE, "analysis_taxonomy");
  }

  /**
   * The index's precomputed window counts ({@code index windows}) when they are of {@code store}'s
   * rows, else null: counts then come from one query per row.
   */
  private static WindowCounts windowsOf(IndexReader index, TokenStore store) {
    WindowCounts windows = index.windowCounts();
    if (windows == null || windows.rows() != store.sequenceCount()) return null;
    try {
      index.requireStore(store);
      return windows;
    } catch (BadInputException e) {
      return null;
    }
  }

  /**
   * The count of {@code tokens}, tokens {@code [offset, offset + tokens.length)} of {@code row}:
   * from the precomputed window counts when they hold that window of the row, else by query.
   */
  private static long count(
      IndexReader index, WindowCounts windows, long row, int offset, int[] tokens) {
    if (windows != null && windows.has(offset, tokens.length)) {
      long c = windows.count(row, offset, tokens.length);
      if (c >= 0) return c;
    }
    return count(index, tokens);
  }

  private static long count(IndexReader index, int[] tokens) {
    try {
      return index.count(tokens);
    } catch (BadInputException e) {
      // A token outside the index's vocabulary occurs nowhere in its corpus.
      return 0;
    }
  }

  /** Share of each category against size, for the models compared across sizes, first (C, L). */
  private static void figure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT category, size, avg(share) FROM analysis_taxonomy JOIN analysis_sizes"
                    + " USING (model, size) WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " GROUP BY ALL ORDER BY category, size")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getLong(2), r.getDouble(3)});
      }
    }
    if (!series.isEmpty()) {
      Figures.lines(
          dir,
          "taxonomy",
          "Memorized rows by category (C="
              + cl[0]
              + ", L="
              + cl[1]
              + SizeAnalyses.stepTitle(c)
              + ")",
          "non-embedding parameters",
          "share of memorized rows",
          series,
          true);
    }
    steps(c, dir, cl);
  }

  /** Share of each category against training step, for the checkpoints of the largest size. */
  private static void steps(Connection c, Path dir, int[] cl) throws SQLException, IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    String title = "";
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT category, step, share, family, size FROM analysis_taxonomy WHERE (family,"
                    + " size) = (SELECT (family, size) FROM analysis_sizes WHERE model = "
                    + AnalysisSql.LARGEST
                    + ") AND context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY category, step, model")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getLong(2), r.getDouble(3)});
        title = " (" + r.getString(4) + " " + r.getLong(5) + ", C=" + cl[0] + ", L=" + cl[1] + ")";
      }
    }
    if (series.values().stream().allMatch(v -> v.size() < 2)) return;
    Figures.lines(
        dir,
        "taxonomy_steps",
        "Memorized rows by category over training" + title,
        "training step",
        "share of memorized rows",
        series,
        false);
  }
}
