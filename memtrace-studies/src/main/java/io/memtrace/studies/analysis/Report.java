package io.memtrace.studies.analysis;

import io.memtrace.AtomicWrite;
import io.memtrace.studies.Version;
import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code report.html}: one self-contained page of every analysis in a results database — its
 * definition as the paper gives it, its figures (embedded, no network), the first rows of its
 * tables with a Parquet export of each beside the page ({@code tables/TABLE.parquet}), the run's
 * settings and memtrace's version.
 */
public final class Report {
  /** The page, in the figures directory. */
  public static final String FILE = "report.html";

  private static final int ROWS_SHOWN = 12;

  /** One analysis: what it measures, the tables that hold it, the figures (name prefixes). */
  private record Section(
      String title, String definition, List<String> tables, List<String> figures) {}

  private static final List<Section> SECTIONS =
      List.of(
          new Section(
              "Memorization score bins",
              "The memorization score of a training row for context size C and continuation size L"
                  + " (study A): the model greedily decodes L tokens from the row's first C tokens,"
                  + " end-of-text suppressed until L tokens are generated (Pythia's min_length); the"
                  + " score is the share of the L positions where the generated token equals the"
                  + " row's own. Score 1 is fully memorized (k-extractable). Rows are counted in"
                  + " the study's 12 bins {0}, (0, .1), [.1, .2), ..., [.9, 1), {1}; the figure"
                  + " shows the models compared across sizes (analysis_sizes).",
              List.of("analysis_sizes", "analysis_score_bins"),
              List.of("score_bins")),
          new Section(
              "Fully memorized share by model size",
              "The share of rows with score 1 for every model size of a family, all at one"
                  + " training step: each size's last scored step unless analyze --step chose"
                  + " another. Sizes are non-embedding parameters, as Pythia names its models.",
              List.of("analysis_exact_by_size"),
              List.of("exact_by_size")),
          new Section(
              "Extraction by sampling ((n, p)-discoverable extraction)",
              "Hayes et al. 2024: the probability q that sampling at temperature 1 (or among the k"
                  + " most likely tokens, renormalized) reproduces a row's continuation from its"
                  + " context is the product of the true tokens' teacher-forced probabilities"
                  + " (end-of-text suppressed as for the score, so a continuation holding it has q"
                  + " = 0); n samples find it with probability 1 - (1 - q)^n. The figures show the"
                  + " share of rows that n = 1, 10, 100, 1000 samples find with probability at least"
                  + " p = .5 and .9, beside the share greedy decoding reproduces; the table also"
                  + " splits planted passages from the other rows.",
              List.of("analysis_extraction"),
              List.of("extraction_")),
          new Section(
              "Membership inference",
              "Baselines of the mimir toolkit over each row's first C + L tokens: loss (mean"
                  + " negative log-likelihood), zlib (loss / zlib-compressed bytes of the text),"
                  + " min-k% (mean of the lowest 20% token log-probabilities), min-k%++ (the same"
                  + " over (ln p(x_t) - mu_t) / sigma_t, the mean and standard deviation of ln p"
                  + " under the model's distribution at t; Zhang et al. 2024) and reference (loss"
                  + " minus the loss of the family's smallest compared model on the same row)."
                  + " Members are the scored training rows (all, and the planted passages alone),"
                  + " non-members the suite's held-out rows no model trained on; each score is"
                  + " evaluated by ROC AUC and the true positive rate at 1% and 0.1% false"
                  + " positives. With Pythia, rows of later training steps serve as non-members of"
                  + " an earlier checkpoint.",
              List.of("analysis_membership"),
              List.of("membership_")),
          new Section(
              "Causal memorization",
              "Difference in differences across the checkpoints of a size (Lesci et al. 2024): for"
                  + " the rows trained between two checkpoints, the change of their mean"
                  + " log-likelihood per token from the checkpoint before to a later one, minus the"
                  + " change of rows not yet trained at that checkpoint and of the held-out rows;"
                  + " the profile averages the cohorts by steps since their checkpoint. Rows trained"
                  + " before the first scored checkpoint are left out.",
              List.of("analysis_memorization_profile", "analysis_causal_memorization"),
              List.of("memorization_profile")),
          new Section(
              "Corpus spans of greedy continuations",
              "The longest span of each greedy continuation that occurs verbatim in the training"
                  + " corpus (memorize --index, found with the suffix array), its mean length by"
                  + " model size for all rows, the planted passages and the other rows, and the"
                  + " share of continuations found in the corpus in full.",
              List.of("analysis_spans"),
              List.of("spans")),
          new Section(
              "Memorization taxonomy: recitation, reconstruction, recollection",
              "Prashanth et al. 2024: every memorized row (score 1) is a recitation when its first"
                  + " C + L tokens occur more than 5 times in the training data (counted with the"
                  + " corpus index of analyze --index, or the planted copies when more), else a"
                  + " reconstruction when its continuation repeats a pattern or increments a counter"
                  + " (token ids), else a recollection. Per row, memorization_taxonomy holds the"
                  + " features: index counts of the sequence and of the continuation, zlib ratio,"
                  + " token frequencies and the continuation's teacher-forced perplexity. The figure"
                  + " shows each category's share of the memorized rows by model size, and over the"
                  + " training steps of the largest size; the table covers every scored checkpoint.",
              List.of("analysis_taxonomy"),
              List.of("taxonomy", "taxonomy_steps")),
          new Section(
              "Transitions between score bins",
              "P(bin of a row in model B | its bin in model A) over the rows both models scored,"
                  + " in 5 bins (<= .2, <= .4, <= .6, <= .8, > .8): for every ordered pair of sizes"
                  + " at the compared step, and between consecutive checkpoints of the largest"
                  + " size (both directions).",
              List.of("analysis_transitions"),
              List.of("transitions_")),
          new Section(
              "Entropy dynamics",
              "The entropy (nats) of the model's next-token distribution predicting token t,"
                  + " teacher forced on the context and then on its own greedy tokens, averaged"
                  + " over the rows of score 1, 0.5, 0.25 and 0; t is the token index in the row"
                  + " (the continuation starts at t = C), as in the n-gram analysis.",
              List.of("analysis_entropy"),
              List.of("entropy")),
          new Section(
              "N-gram dynamics and the boundary effect",
              "The mean corpus frequency of the row's 1-, 2- and 3-gram ending at token t, per"
                  + " score class; the boundary effect is f(C) - f(C - 1), the change at the first"
                  + " continuation token.",
              List.of("analysis_ngrams", "analysis_ngram_boundary"),
              List.of("ngram_")),
          new Section(
              "Embedding dynamics",
              "Centroids of the last-layer hidden states of the rows of each exact score level k /"
                  + " L at every decoding step; cosine and Euclidean distances between levels; the"
                  + " first two principal components of the centroids.",
              List.of("analysis_embedding_distances", "analysis_embedding_pca"),
              List.of("embedding_")),
          new Section(
              "Memorization by duplication",
              "The mean score of rows by their number of copies in the training rows (planted"
                  + " duplicates), with the least-squares line of score against ln(copies).",
              List.of("analysis_duplication", "analysis_duplication_fit"),
              List.of("duplication")),
          new Section(
              "Memorization over training",
              "The mean score and fully memorized share of every scored checkpoint, by family and"
                  + " size, against its training step.",
              List.of("analysis_training_steps"),
              List.of("training_steps")),
          new Section(
              "Predicting memorization per token",
              "Study A (f): a Transformer predicts, for each continuation token, whether greedy"
                  + " decoding reproduces it, from the last-layer hidden states and the entropy at"
                  + " each decoding step; token-level and full-sequence accuracy on held-out rows,"
                  + " beside baselines: study A's released configuration (released-study-a: a"
                  + " bidirectional encoder over the context and decoded positions, fully memorized"
                  + " rows left out of training), the majority class and logistic regressions.",
              List.of("prediction_results"),
              List.of("predict_")),
          new Section(
              "Distributional memorization and generalization (study B)",
              "Mem_n: the Spearman rank correlation, over the (example, output n-gram sy) units"
                  + " of one n, between the task-gram language model (the geometric mean over the"
                  + " example's pairs of P(sy | sx) = C(sx, sy) / C(sx), from document"
                  + " co-occurrence counts in the corpus) and the model's P_LLM(sy | prompt, x, y"
                  + " before sy); Mem_inf the same with the infini-gram probability of sy given the"
                  + " task text before it; generalization is the normalized Kendall-tau distance"
                  + " (1 - tau) / 2. Grey points: p >= .05. Coverage of an example at n is the"
                  + " documents holding its pairs of that n; MMLU's knowledge and reasoning"
                  + " subjects are compared in tracing_subject_groups.",
              List.of(
                  "tracing_memorization",
                  "tracing_subject_groups",
                  "tracing_coverage",
                  "tracing_pair_examples"),
              List.of("trace_")));

  private Report() {}

  /**
   * Writes the report of the database at {@code file}; see {@link #write(ResultsDatabase, Path,
   * Map)}.
   */
  public static Path write(Path file, Path dir, Map<String, String> settings)
      throws IOException, SQLException {
    try (ResultsDatabase db = ResultsDatabase.openReadOnly(file)) {
      return write(db, dir, settings);
    }
  }

  /**
   * Writes {@code dir/report.html} and {@code dir/tables/*.parquet} for the analyses {@code db}
   * holds; {@code settings} are the run's, shown as given.
   */
  public static Path write(ResultsDatabase db, Path dir, Map<String, String> settings)
      throws IOException, SQLException {
    Files.createDirectories(dir.resolve("tables"));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>memtrace report</title><style>")
        .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
        .append("h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}")
        .append("img{max-width:100%;display:block;margin:1em 0;border:1px solid #eee}")
        .append("table{border-collapse:collapse;font-size:.8em;margin:.5em 0}")
        .append("td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}")
        .append("th{background:#f4f4f4}.def{line-height:1.5}")
        .append("</style></head><body>\n<h1>memtrace report</h1>\n");
    html.append("<p>memtrace ")
        .append(escape(Version.get()))
        .append(", written ")
        .append(Instant.now().toString())
        .append(".</p>\n<h2>Settings</h2>\n<table>");
    for (var e : settings.entrySet()) {
      html.append("<tr><th>")
          .append(escape(e.getKey()))
          .append("</th><td>")
          .append(escape(e.getValue()))
          .append("</td></tr>");
    }
    html.append("</table>\n");
    table(db, "models", dir, html);
    for (Section s : SECTIONS) {
      List<String> tables = new ArrayList<>();
      for (String t : s.tables()) if (db.hasTable(t) && db.rowCount(t) > 0) tables.add(t);
      List<Path> figures = figures(dir, s.figures());
      if (tables.isEmpty() && figures.isEmpty()) continue;
      html.append("<h2>")
          .append(escape(s.title()))
          .append("</h2>\n<p class=\"def\">")
          .append(escape(s.definition()))
          .append("</p>\n");
      for (Path f : figures) {
        html.append("<img alt=\"")
            .append(escape(f.getFileName().toString()))
            .append("\" src=\"data:image/svg+xml;base64,")
            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(f)))
            .append("\">\n");
      }
      for (String t : tables) table(db, t, dir, html);
    }
    html.append("</body></html>\n");
    Path page = dir.resolve(FILE);
    AtomicWrite.write(page, o -> o.write(html.toString().getBytes(StandardCharsets.UTF_8)));
    return page;
  }

  /** The SVG figures whose names start with one of {@code prefixes}, by name. */
  private static List<Path> figures(Path dir, List<String> prefixes) throws IOException {
    TreeSet<Path> out = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.svg")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        for (String p : prefixes) {
          if (name.equals(p + ".svg") || (p.endsWith("_") && name.startsWith(p))) out.add(f);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The first rows of {@code table}, and its Parquet export linked. */
  private static void table(ResultsDatabase db, String table, Path dir, StringBuilder html)
      throws SQLException, IOException {
    Path parquet = dir.resolve("tables").resolve(table + ".parquet");
    Path tmp = dir.resolve("tables").resolve(table + ".parquet.tmp");
    Files.deleteIfExists(tmp); // left by a killed run
    try (Statement s = db.connection().createStatement()) {
      s.execute(
          "COPY "
              + ResultsDatabase.quote(table)
              + " TO '"
              + tmp.toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
      Files.move(tmp, parquet, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    long rows = db.rowCount(table);
    html.append("<p><code>")
        .append(escape(table))
        .append("</code>: ")
        .append(String.format("%,d", rows))
        .append(" rows")
        .append(rows > ROWS_SHOWN ? ", the first " + ROWS_SHOWN + " shown" : "")
        .append(" (<a href=\"tables/")
        .append(escape(table))
        .append(".parquet\">Parquet</a>)</p>\n");
    html.append("<table>");
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT * FROM " + ResultsDatabase.quote(table) + " LIMIT " + ROWS_SHOWN)) {
      ResultSetMetaData m = r.getMetaData();
      html.append("<tr>");
      for (int k = 1; k <= m.getColumnCount(); k++) {
        html.append("<th>").append(escape(m.getColumnName(k))).append("</th>");
      }
      html.append("</tr>");
      while (r.next()) {
        html.append("<tr>");
        for (int k = 1; k <= m.getColumnCount(); k++) {
          html.append("<td>").append(escape(cell(r.getObject(k)))).append("</td>");
        }
        html.append("</tr>");
      }
    }
    html.append("</table>\n");
  }

  private static String cell(Object v) throws SQLException {
    if (v == null) return "";
    if (v instanceof java.sql.Array a) {
      String s = java.util.Arrays.deepToString((Object[]) a.getArray());
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
    if (v instanceof Double d) return String.format("%.4g", d);
    if (v instanceof Float f) return String.format("%.4g", f);
    return v.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
