package io.memtrace.studies.results;

import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.FilterTruth;
import io.memtrace.tracing.InfgramOutputs;
import io.memtrace.tracing.MmluSubjects;
import io.memtrace.tracing.TaskExample;
import io.memtrace.tracing.TaskGramMiner;
import io.memtrace.tracing.TaskGramPair;
import io.memtrace.tracing.TaskScorer;
import io.memtrace.tracing.TracedOutput;
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
 *        examples INTEGER, min_n INTEGER, max_n INTEGER,
 *        settings VARCHAR,                     -- n-gram sizes, thresholds, encoder, counts, index
 *        tokenizer_sha256 VARCHAR)
 * tracing_filter(task, n INTEGER, rule VARCHAR ('CALIBRATED' | 'ABSOLUTE': the one in use),
 *        candidates INTEGER,                   -- input x output n-gram pairs of the examples
 *        null_pairs INTEGER,                   -- n-gram pairs of two different examples drawn
 *        calibrated_threshold DOUBLE,          -- their cosines' (1 - q) quantile
 *        kept_calibrated INTEGER,              -- candidates above it
 *        absolute_threshold DOUBLE, kept_absolute INTEGER,  -- gamma, candidates above it
 *        pairs INTEGER)                        -- kept by the rule in use and co-occurring
 * tracing_filter_truth(task, rule VARCHAR,     -- tasks of n-gram-sized texts (country names)
 *        positives INTEGER, negatives INTEGER, -- (x, its y) and (x, another example's y)
 *        kept_positives INTEGER, kept_negatives INTEGER, precision DOUBLE, recall DOUBLE)
 * tracing_outputs(task, output INTEGER, example INTEGER, n INTEGER,
 *        text VARCHAR, output_start INTEGER, output_end INTEGER,  -- sy and where it sits in y
 *        pairs INTEGER,                        -- its task-gram pairs
 *        taskgram_logprob DOUBLE,              -- mean ln P(sy | sx) over them: ln geometric mean
 *        infgram_logprob DOUBLE,               -- ln P_inf(sy | task text before sy), -inf when 0
 *        infgram_tokens INTEGER, infgram_zero_tokens INTEGER,  -- sy's tokens, those with P_inf 0
 *        infgram_nonzero_logprob DOUBLE,       -- the sum over the others: what Mem_inf ranks
 *                                              -- (left out when every token's P_inf is 0)
 *        PRIMARY KEY (task, output))
 * tracing_pairs(task, pair INTEGER, output INTEGER,  -- the output n-gram sy (tracing_outputs)
 *        example INTEGER, n INTEGER,
 *        input VARCHAR, input_start INTEGER, input_end INTEGER,  -- sx and where it sits in x
 *        cosine DOUBLE, documents_input BIGINT, documents_output BIGINT, documents_both BIGINT,
 *        occurrences_input BIGINT,
 *        occurrences_input_with_output BIGINT, -- counted with --occurrences, else NULL
 *        taskgram_logprob DOUBLE,              -- ln P(sy | sx) of the task-gram LM
 *        PRIMARY KEY (task, pair))
 * tracing_lm(task, model, output INTEGER,
 *        lm_logprob DOUBLE,                    -- ln P_LLM(sy | tracing prompt, y before sy)
 *        PRIMARY KEY (task, model, output))
 * tracing_examples(task, model, example INTEGER, id VARCHAR,
 *        subject VARCHAR, subject_group VARCHAR,  -- MMLU: the subject, knowledge | reasoning
 *        prediction VARCHAR, exact BOOLEAN,
 *        performance DOUBLE,                   -- BLEU, exact match or choice accuracy
 *        PRIMARY KEY (task, model, example))
 * tracing_memorization(task, model, reference VARCHAR ('TASKGRAM' | 'INFGRAM'),
 *        unit VARCHAR ('OUTPUT': (example, sy) | 'PAIR': (sx, sy)),
 *        subjects VARCHAR ('all' | a subject group),
 *        n INTEGER (0 = all sizes), units INTEGER, spearman DOUBLE, p_value DOUBLE,
 *        kendall_tau DOUBLE, generalization DOUBLE)   -- (1 - tau) / 2
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

  /** A task's mining settings and its pairs, grouped by output, with their probabilities. */
  public record MinedTask(
      String task,
      String kind,
      String source,
      String target,
      int examples,
      int minN,
      int maxN,
      String settings,
      String tokenizerSha,
      StoredPairs mined,
      List<InfgramOutputs.Estimate> infgram,
      EmbeddingFilter.Rule filter,
      List<TaskGramMiner.SizeReport> sizes,
      List<FilterTruth.Result> truth) {}

  public static void insertTask(Connection c, MinedTask t) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, t.task());
      p.setString(2, t.kind());
      p.setString(3, t.source());
      p.setString(4, t.target());
      p.setInt(5, t.examples());
      p.setInt(6, t.minN());
      p.setInt(7, t.maxN());
      p.setString(8, t.settings());
      p.setString(9, t.tokenizerSha());
      p.execute();
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_filter VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (TaskGramMiner.SizeReport r : t.sizes()) {
        p.setString(1, t.task());
        p.setInt(2, r.thresholds().n());
        p.setString(3, t.filter().name());
        p.setInt(4, r.candidates());
        p.setInt(5, r.thresholds().nullPairs());
        p.setDouble(6, r.thresholds().calibrated());
        p.setInt(7, r.keptCalibrated());
        p.setDouble(8, r.thresholds().absolute());
        p.setInt(9, r.keptAbsolute());
        p.setInt(10, r.pairs());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO tracing_filter_truth VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (FilterTruth.Result r : t.truth()) {
        p.setString(1, t.task());
        p.setString(2, r.rule().name());
        p.setInt(3, r.positives());
        p.setInt(4, r.negatives());
        p.setInt(5, r.keptPositives());
        p.setInt(6, r.keptNegatives());
        p.setDouble(7, r.precision());
        p.setDouble(8, r.recall());
        p.addBatch();
      }
      p.executeBatch();
    }
    List<TaskGramPair> pairs = t.mined().pairs();
    List<TracedOutput> outputs = t.mined().outputs();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO tracing_outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int o = 0; o < outputs.size(); o++) {
        TracedOutput out = outputs.get(o);
        InfgramOutputs.Estimate inf = t.infgram().get(o);
        p.setString(1, t.task());
        p.setInt(2, o);
        p.setInt(3, out.example());
        p.setInt(4, out.n());
        p.setString(5, out.ngram().text());
        p.setInt(6, out.ngram().start());
        p.setInt(7, out.ngram().end());
        p.setInt(8, out.pairs().length);
        p.setDouble(9, out.taskgramLogprob(t.mined().taskgram()));
        p.setDouble(10, inf.logprob());
        p.setInt(11, inf.tokens());
        p.setInt(12, inf.zeroTokens());
        p.setDouble(13, inf.nonzeroLogprob());
        p.addBatch();
      }
      p.executeBatch();
    }
    int[] outputOf = new int[pairs.size()];
    for (int o = 0; o < outputs.size(); o++) for (int i : outputs.get(o).pairs()) outputOf[i] = o;
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO tracing_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < pairs.size(); i++) {
        TaskGramPair pair = pairs.get(i);
        p.setString(1, t.task());
        p.setInt(2, i);
        p.setInt(3, outputOf[i]);
        p.setInt(4, pair.example());
        p.setInt(5, pair.n());
        p.setString(6, pair.input().text());
        p.setInt(7, pair.input().start());
        p.setInt(8, pair.input().end());
        p.setDouble(9, pair.cosine());
        p.setLong(10, pair.documentsInput());
        p.setLong(11, pair.documentsOutput());
        p.setLong(12, pair.documentsBoth());
        p.setLong(13, pair.occurrencesInput());
        if (pair.occurrencesInputWithOutput() < 0) p.setNull(14, java.sql.Types.BIGINT);
        else p.setLong(14, pair.occurrencesInputWithOutput());
        p.setDouble(15, t.mined().taskgram()[i]);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * A task's pairs as mined, their outputs ({@link TracedOutput#of} of the pairs), the pairs' log
   * task-gram probabilities and the outputs' log infini-gram probabilities as Mem_inf ranks them
   * ({@link InfgramOutputs.Estimate#ranked}).
   */
  public record StoredPairs(
      List<TaskGramPair> pairs, List<TracedOutput> outputs, double[] taskgram, double[] infgram) {}

  public static StoredPairs pairs(Connection c, String task) throws SQLException {
    List<TaskGramPair> pairs = new ArrayList<>();
    List<Double> taskgram = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT p.example, p.n, p.input, p.input_start, p.input_end, o.text, o.output_start,"
                + " o.output_end, p.cosine, p.documents_input, p.documents_output,"
                + " p.documents_both, p.occurrences_input, p.occurrences_input_with_output,"
                + " p.taskgram_logprob FROM tracing_pairs p JOIN tracing_outputs o USING (task,"
                + " output) WHERE task = ? ORDER BY pair")) {
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
                  r.getObject(14) == null ? -1 : r.getLong(14)));
          taskgram.add(r.getDouble(15));
        }
      }
    }
    List<Double> infgram = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT infgram_tokens, infgram_zero_tokens, infgram_nonzero_logprob FROM"
                + " tracing_outputs WHERE task = ? ORDER BY output")) {
      p.setString(1, task);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          infgram.add(InfgramOutputs.Estimate.ranked(r.getInt(1), r.getInt(2), r.getDouble(3)));
        }
      }
    }
    List<TracedOutput> outputs = TracedOutput.of(pairs);
    if (outputs.size() != infgram.size()) {
      throw new SQLException(
          "task '"
              + task
              + "': "
              + infgram.size()
              + " outputs stored, its pairs make "
              + outputs.size());
    }
    return new StoredPairs(
        pairs,
        outputs,
        taskgram.stream().mapToDouble(Double::doubleValue).toArray(),
        infgram.stream().mapToDouble(Double::doubleValue).toArray());
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
      List<TaskExample> examples,
      double[] lmLogprob,
      List<TaskScorer.Outcome> outcomes,
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
        c.prepareStatement("INSERT INTO tracing_examples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int e = 0; e < outcomes.size(); e++) {
        TaskScorer.Outcome o = outcomes.get(e);
        TaskExample ex = examples.get(e);
        p.setString(1, task);
        p.setString(2, model);
        p.setInt(3, e);
        p.setString(4, ex.id());
        p.setString(5, ex.subject());
        p.setString(6, MmluSubjects.group(ex.subject()));
        p.setString(7, o.prediction());
        p.setBoolean(8, o.exact());
        p.setDouble(9, o.performance());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO tracing_memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DistributionalMemorization.Measure m : measures) {
        p.setString(1, task);
        p.setString(2, model);
        p.setString(3, m.reference().name());
        p.setString(4, m.unit().name());
        p.setString(5, m.subjects());
        p.setInt(6, m.n());
        p.setInt(7, m.units());
        p.setDouble(8, m.spearman());
        p.setDouble(9, m.pValue());
        p.setDouble(10, m.kendallTau());
        p.setDouble(11, m.generalization());
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
