package io.memtrace.studies.results;

import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.TaskGramPair;
import io.memtrace.tracing.TaskScorer;
import io.memtrace.tracing.WordNgrams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Study B's results in the results database (models in {@link ModelRegistry}).
 *
 * <pre>
 * tracing_tasks(task VARCHAR PRIMARY KEY, kind VARCHAR, source VARCHAR, target VARCHAR,
 *        examples INTEGER, settings VARCHAR,  -- n-gram sizes, thresholds, encoder, index
 *        tokenizer_sha256 VARCHAR)
 * tracing_pairs(task, pair INTEGER, example INTEGER, n INTEGER,
 *        input VARCHAR, output VARCHAR,       -- the two word n-grams
 *        input_start INTEGER, input_end INTEGER,    -- where the input n-gram sits in x
 *        output_start INTEGER, output_end INTEGER,  -- where the output n-gram sits in y
 *        cosine DOUBLE, documents_input BIGINT, documents_output BIGINT, documents_both BIGINT,
 *        occurrences_input BIGINT, occurrences_input_with_output BIGINT,
 *        taskgram_logprob DOUBLE,              -- ln P(sy | sx) of the task-gram LM
 *        infgram_logprob DOUBLE,               -- ln P_inf(sy | sx), -inf when unseen
 *        PRIMARY KEY (task, pair))
 * tracing_lm(task, model, pair INTEGER, lm_logprob DOUBLE,  -- ln P_LLM(sy | prompt, y before sy)
 *        PRIMARY KEY (task, model, pair))
 * tracing_examples(task, model, example INTEGER, id VARCHAR, prediction VARCHAR, exact BOOLEAN,
 *        performance DOUBLE,                   -- BLEU, exact match or choice accuracy
 *        coverage BIGINT,                      -- sum of the example's pair counts
 *        PRIMARY KEY (task, model, example))
 * tracing_memorization(task, model, reference VARCHAR ('TASKGRAM' | 'INFGRAM'),
 *        n INTEGER (0 = all sizes), pairs INTEGER, spearman DOUBLE, p_value DOUBLE,
 *        kendall_tau DOUBLE, generalization DOUBLE)
 * </pre>
 */
public final class TracingTables {
  private TracingTables() {}

  /** The settings a task was mined with, or null when it is not in the database. */
  public static String taskSettings(Connection c, String task) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT settings FROM tracing_tasks WHERE task = ?")) {
      p.setString(1, task);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  public static void insertTask(
      Connection c,
      String task,
      String kind,
      String source,
      String target,
      int examples,
      String settings,
      String tokenizerSha,
      List<TaskGramPair> pairs,
      double[] taskgram,
      double[] infgram)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_tasks VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, task);
      p.setString(2, kind);
      p.setString(3, source);
      p.setString(4, target);
      p.setInt(5, examples);
      p.setString(6, settings);
      p.setString(7, tokenizerSha);
      p.execute();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO tracing_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)")) {
      for (int i = 0; i < pairs.size(); i++) {
        TaskGramPair t = pairs.get(i);
        p.setString(1, task);
        p.setInt(2, i);
        p.setInt(3, t.example());
        p.setInt(4, t.n());
        p.setString(5, t.input().text());
        p.setString(6, t.output().text());
        p.setInt(7, t.input().start());
        p.setInt(8, t.input().end());
        p.setInt(9, t.output().start());
        p.setInt(10, t.output().end());
        p.setDouble(11, t.cosine());
        p.setLong(12, t.documentsInput());
        p.setLong(13, t.documentsOutput());
        p.setLong(14, t.documentsBoth());
        p.setLong(15, t.occurrencesInput());
        p.setLong(16, t.occurrencesInputWithOutput());
        p.setDouble(17, taskgram[i]);
        p.setDouble(18, infgram[i]);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** A task's pairs as mined, with their reference log-probabilities. */
  public record StoredPairs(List<TaskGramPair> pairs, double[] taskgram, double[] infgram) {}

  public static StoredPairs pairs(Connection c, String task) throws SQLException {
    List<TaskGramPair> pairs = new ArrayList<>();
    List<double[]> logs = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT example, n, input, input_start, input_end, output, output_start, output_end,"
                + " cosine, documents_input, documents_output, documents_both, occurrences_input,"
                + " occurrences_input_with_output, taskgram_logprob, infgram_logprob FROM"
                + " tracing_pairs WHERE task = ? ORDER BY pair")) {
      p.setString(1, task);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          int n = r.getInt(2);
          pairs.add(
              new TaskGramPair(
                  r.getInt(1),
                  n,
                  new WordNgrams.Ngram(r.getString(3), n, r.getInt(4), r.getInt(5)),
                  new WordNgrams.Ngram(r.getString(6), n, r.getInt(7), r.getInt(8)),
                  r.getDouble(9),
                  r.getLong(10),
                  r.getLong(11),
                  r.getLong(12),
                  r.getLong(13),
                  r.getLong(14)));
          logs.add(new double[] {r.getDouble(15), r.getDouble(16)});
        }
      }
    }
    double[] taskgram = logs.stream().mapToDouble(l -> l[0]).toArray();
    double[] infgram = logs.stream().mapToDouble(l -> l[1]).toArray();
    return new StoredPairs(pairs, taskgram, infgram);
  }

  public static boolean modelDone(Connection c, String task, String model) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT count(*) FROM tracing_examples WHERE task = ? AND model = ?")) {
      p.setString(1, task);
      p.setString(2, model);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

  /** One model's results on one task, all in the caller's transaction. */
  public static void insertModel(
      Connection c,
      String task,
      String model,
      List<String> ids,
      double[] lmLogprob,
      List<TaskScorer.Outcome> outcomes,
      long[] coverage,
      List<DistributionalMemorization.Measure> measures)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO tracing_lm VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < lmLogprob.length; i++) {
        p.setString(1, task);
        p.setString(2, model);
        p.setInt(3, i);
        p.setDouble(4, lmLogprob[i]);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_examples VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int e = 0; e < outcomes.size(); e++) {
        TaskScorer.Outcome o = outcomes.get(e);
        p.setString(1, task);
        p.setString(2, model);
        p.setInt(3, e);
        p.setString(4, ids.get(e));
        p.setString(5, o.prediction());
        p.setBoolean(6, o.exact());
        p.setDouble(7, o.performance());
        p.setLong(8, coverage[e]);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DistributionalMemorization.Measure m : measures) {
        p.setString(1, task);
        p.setString(2, model);
        p.setString(3, m.reference().name());
        p.setInt(4, m.n());
        p.setInt(5, m.pairs());
        p.setDouble(6, m.spearman());
        p.setDouble(7, m.pValue());
        p.setDouble(8, m.kendallTau());
        p.setDouble(9, m.generalization());
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
