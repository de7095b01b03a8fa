package io.memtrace.studies.tracing;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.analysis.TracingAnalyses;
import io.memtrace.studies.results.ModelRegistry;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.TracingTables;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.InfgramOutputs;
import io.memtrace.tracing.MmluSubjects;
import io.memtrace.tracing.NgramDocuments;
import io.memtrace.tracing.SentenceEncoder;
import io.memtrace.tracing.StopWords;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.TaskExample;
import io.memtrace.tracing.TaskGramMiner;
import io.memtrace.tracing.TaskGramPair;
import io.memtrace.tracing.TaskScorer;
import io.memtrace.tracing.TracedOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Study B on tasks: mines the task-gram pairs once per task (stored with their corpus counts and
 * reference probabilities), then scores every model on the pairs and the examples, and stores the
 * distributional memorization and generalization measures, then the figures. A (task, model)
 * already stored is skipped, so an interrupted run continues where it stopped; a task mined with
 * other settings under the same name is refused.
 *
 * <pre>{@code
 * var settings = TracingSettings.of(CountryNamesTask.all(), index, List.of(ModelRef.of(dir)),
 *     Path.of("figures"));
 * String summary = TracingRunner.run(settings, Path.of("results.duckdb"), Reporter.SILENT);
 * }</pre>
 */
public final class TracingRunner {
  private TracingRunner() {}

  /** Runs the study; returns the summary of every task and model in the database. */
  public static String run(TracingSettings s, Path db, Reporter reporter)
      throws IOException, SQLException {
    if (s.minN() < 1 || s.maxN() < s.minN()) {
      throw new BadInputException(
          "--min-n " + s.minN() + " and --max-n " + s.maxN() + " are no range");
    }
    try (IndexReader index = IndexReader.open(s.index());
        Tokenizer tokenizer = index.tokenizer(s.tokenizer());
        ResultsDatabase results = ResultsDatabase.open(db)) {
      SentenceEncoder encoder = null;
      for (Task task : s.tasks()) {
        var settings =
            new TaskGramMiner.Settings(
                s.minN(),
                s.maxN(),
                new EmbeddingFilter.Settings(
                    s.filter(),
                    Thresholds.of(task.kind(), s.minN(), s.maxN(), s.gamma()),
                    s.nullQuantile()),
                s.occurrences());
        String described = describe(s, task, settings);
        String stored = TracingTables.taskSettings(results.connection(), task.name());
        if (stored != null && !stored.equals(described)) {
          throw BadInputException.in(
              db,
              "holds task '"
                  + task.name()
                  + "' mined with "
                  + stored
                  + ", not "
                  + described
                  + "; use another database");
        }
        if (stored == null) {
          for (String language : List.of(task.sourceLanguage(), task.targetLanguage())) {
            if (StopWords.forLanguage(language).isEmpty()) {
              reporter.note(
                  task.name()
                      + ": no stop-word list for language '"
                      + language
                      + "' (memtrace has "
                      + StopWords.languages()
                      + "); its n-grams keep their stop words");
            }
          }
          if (encoder == null) encoder = s.encoder().open();
          mine(s, task, settings, described, index, tokenizer, encoder, results, reporter);
        }
        TracingTables.StoredPairs pairs = TracingTables.pairs(results.connection(), task.name());
        reporter.note(String.format("%s: %,d task-gram pairs", task.name(), pairs.pairs().size()));
        for (ModelRef model : s.models()) {
          if (TracingTables.modelDone(results.connection(), task.name(), model.name())) continue;
          try (Tokenizer own = index.tokenizer(model.dir().resolve("tokenizer.json"));
              LanguageModel lm = LanguageModel.load(model.dir(), s.threads())) {
            lm.packWeights(Runtime.getRuntime().maxMemory() / 8); // answers decode token by token
            score(task, model, lm, own, pairs, results, reporter);
          }
        }
      }
      TracingAnalyses.run(results, s.figures(), s.coverage(), s.unit());
      return TracingAnalyses.summary(results, s.unit());
    }
  }

  /**
   * Everything the stored pairs and scores depend on: the examples and prompt (hashed), the mining
   * settings, the index. A rerun under the same task name must match it.
   */
  private static String describe(TracingSettings s, Task task, TaskGramMiner.Settings mining) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (TaskExample ex : task.examples()) {
      for (String field :
          List.of(
              ex.id(),
              ex.input(),
              ex.output(),
              ex.tracedOutput(),
              String.join("\u0001", ex.choices()))) {
        sha.update(field.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
    }
    sha.update(task.template().getBytes(StandardCharsets.UTF_8));
    return "examples="
        + task.examples().size()
        + " sha256="
        + HexFormat.of().formatHex(sha.digest()).substring(0, 16)
        + " n="
        + mining.minN()
        + ".."
        + mining.maxN()
        + (mining.filter().rule() == EmbeddingFilter.Rule.CALIBRATED
            ? " filter=calibrated q=" + mining.filter().nullQuantile()
            : " filter=absolute gamma=" + new TreeMap<>(mining.filter().absolute()))
        + " encoder="
        + s.encoder().describe()
        + " counts="
        + (s.occurrences() ? "occurrences" : "documents")
        + " index="
        + s.index().toAbsolutePath().normalize();
  }

  private static void mine(
      TracingSettings s,
      Task task,
      TaskGramMiner.Settings settings,
      String described,
      IndexReader index,
      Tokenizer tokenizer,
      SentenceEncoder encoder,
      ResultsDatabase results,
      Reporter reporter)
      throws IOException, SQLException {
    TaskGramMiner.Mined mined;
    long candidates = TaskGramMiner.candidates(task, settings.minN(), settings.maxN()).size();
    try (var bar = reporter.progress(task.name() + " pairs", candidates, "pairs", 1)) {
      mined =
          new TaskGramMiner(encoder, new NgramDocuments(index, tokenizer))
              .mine(task, settings, bar);
    }
    List<TaskGramPair> pairs = mined.pairs();
    StringBuilder filter = new StringBuilder(task.name() + ": embedding filter");
    for (TaskGramMiner.SizeReport r : mined.sizes()) {
      filter.append(
          String.format(
              "; n=%d: calibrated %.3f keeps %,d, absolute %.2f keeps %,d of %,d",
              r.thresholds().n(),
              r.thresholds().calibrated(),
              r.keptCalibrated(),
              r.thresholds().absolute(),
              r.keptAbsolute(),
              r.candidates()));
    }
    reporter.note(filter.toString());
    double[] taskgram = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      taskgram[i] = Math.log(pairs.get(i).taskGramProbability(s.occurrences()));
    }
    List<TracedOutput> outputs = TracedOutput.of(pairs);
    List<InfgramOutputs.Estimate> infgram = new ArrayList<>();
    InfgramOutputs inf = new InfgramOutputs(index, tokenizer);
    try (var bar = reporter.progress(task.name() + " infini-gram", outputs.size(), "outputs", 1)) {
      for (TracedOutput o : outputs) {
        infgram.add(inf.of(task, task.examples().get(o.example()), o.ngram()));
        bar.advance(1);
      }
    }
    double[] infgramLogprob =
        infgram.stream().mapToDouble(InfgramOutputs.Estimate::ranked).toArray();
    var stored =
        new TracingTables.MinedTask(
            task.name(),
            task.kind().name(),
            task.sourceLanguage(),
            task.targetLanguage(),
            task.examples().size(),
            settings.minN(),
            settings.maxN(),
            described,
            tokenizer.sha256(),
            new TracingTables.StoredPairs(pairs, outputs, taskgram, infgramLogprob),
            infgram,
            settings.filter().rule(),
            mined.sizes(),
            mined.truth());
    results.transaction(c -> TracingTables.insertTask(c, stored));
  }

  private static void score(
      Task task,
      ModelRef model,
      LanguageModel lm,
      Tokenizer tokenizer,
      TracingTables.StoredPairs stored,
      ResultsDatabase results,
      Reporter reporter)
      throws IOException, SQLException {
    ModelRegistry.register(results, model, lm);
    TaskScorer scorer = new TaskScorer(lm, tokenizer, task);
    double[] lmLogprob;
    List<TaskScorer.Outcome> outcomes;
    try (var bar = reporter.progress(task.name() + " " + model.name(), 2, "passes", 1)) {
      lmLogprob = scorer.outputLogprobs(stored.outputs());
      bar.advance(1);
      outcomes = scorer.outcomes();
      bar.advance(1);
    }
    List<TaskExample> examples = task.examples();
    List<DistributionalMemorization.Measure> measures =
        DistributionalMemorization.of(
            stored.pairs(),
            stored.outputs(),
            stored.taskgram(),
            stored.infgram(),
            lmLogprob,
            e -> MmluSubjects.group(examples.get(e).subject()));
    results.transaction(
        c ->
            TracingTables.insertModel(
                c, task.name(), model.name(), examples, lmLogprob, outcomes, measures));
  }
}
