package io.memtrace.studies.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusStats;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.suite.Suite;
import io.memtrace.model.suite.SuitePreset;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.analysis.AnalysisSettings;
import io.memtrace.studies.analysis.Report;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.studies.prediction.PredictionRunner;
import io.memtrace.studies.prediction.PredictionSettings;
import io.memtrace.studies.prepare.SuiteTraining;
import io.memtrace.studies.prepare.TokenizerTraining;
import io.memtrace.studies.tracing.TracingRunner;
import io.memtrace.studies.tracing.TracingSettings;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.tasks.CountryNamesTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job on the embedded default, every stage of the pipeline in turn: trains the tokenizer
 * on Europarl, ingests the corpus into a token store, describes the store, builds the store's
 * n-gram index and asks it a few questions, trains the demo model suite on the store (reused on
 * later runs), scores a few of its training rows, measures what the models memorized of their
 * training rows (study A, with extraction by sampling, membership inference against the suite's
 * held-out rows and the corpus spans of the continuations), analyses it, predicts it per token
 * (study A (f)) and traces a translation task to the corpus (study B). Each stage tells the {@link
 * Listener} what it made.
 */
public final class Demo {
  /** The results database, rebuilt on every run. */
  public static final String RESULTS = "results.duckdb";

  public static final String INDEX = "europarl.index";

  /** The k of the top-k sampling whose extraction probability memorize adds to plain sampling's. */
  static final int TOP_K = 40;

  private Demo() {}

  /** Receives each stage's outcome as the demo goes. */
  public interface Listener {
    void step(int n, String what);

    void tokenizer(Path file);

    void ingested(Path store, CorpusIngest.Result result);

    void stats(CorpusStats stats, Tokenizer tokenizer, Path file);

    void indexed(Path dir, IndexWriter.Result built);

    void queried(DemoQueries queries, Tokenizer tokenizer);

    void suite(Suite.Manifest suite, Path dir);

    void model(LanguageModel model);

    void sampleScored(SampleScores scores);

    void memorized(MemorizationSettings settings, MemorizationRunner.Result result, Path db);

    void analyzed(AnalysisRunner.Result result, Path figures);

    /** Extraction by sampling, each membership inference baseline and the corpus spans. */
    void measured(DemoMeasures measures);

    void predicted(PredictionSettings settings, PredictionRunner.Trained trained);

    void traced(String summary, Path figures);

    /** The report of every analysis, study B's included, and the whole run's time. */
    void finished(Path report, double seconds, Path out);
  }

  /** Teacher-forced statistics of a few training rows. */
  public record SampleScores(
      int rows, long positions, double accuracy, double meanLogprob, double meanEntropy) {}

  /**
   * @param out the directory of every output
   * @param vocab vocabulary size of the tokenizer
   */
  public static void run(Path out, int vocab, Listener listener, Reporter reporter)
      throws IOException, SQLException {
    Files.createDirectories(out);
    long start = System.nanoTime();
    int threads = Runtime.getRuntime().availableProcessors();
    var europarl = new EuroparlCorpus();

    listener.step(1, "tokenizer: byte-level BPE, vocabulary " + vocab + ", trained on Europarl");
    Path tokenizerFile =
        TokenizerTraining.train(
            europarl,
            vocab,
            TokenizerTraining.DEFAULT_MAX_CHARS,
            out.resolve("tokenizer"),
            reporter);
    listener.tokenizer(tokenizerFile);

    listener.step(2, "token store: Europarl, one sequence per document, EOS after each");
    Path store = out.resolve("europarl");
    Path indexDir = out.resolve(INDEX);
    try (Tokenizer tokenizer = Tokenizer.load(tokenizerFile)) {
      try (var bar = reporter.progress("ingest", europarl.sizeBytes(), "MB", 1 << 20)) {
        listener.ingested(store, CorpusIngest.run(europarl, tokenizer, store, true, bar));
      }

      listener.step(3, "corpus statistics");
      CorpusStats stats;
      try (TokenStore tokens = TokenStore.open(store)) {
        stats = CorpusStats.compute(tokens, 15, threads, p -> {});
      }
      Path statsFile = out.resolve("europarl.stats.json");
      var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      AtomicWrite.write(statsFile, o -> json.writeValue(o, stats));
      listener.stats(stats, tokenizer, statsFile);

      listener.step(4, "n-gram index of the store: count, next tokens, co-occurrence, infini-gram");
      try (TokenStore tokens = TokenStore.open(store);
          var bar =
              reporter.progress("index", IndexWriter.progressTotal(tokens), "Mtok", 1_000_000)) {
        long memory = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
        listener.indexed(
            indexDir,
            IndexWriter.build(
                tokens,
                StoreMetadata.readIfPresent(store),
                indexDir,
                new IndexWriter.Options(memory, threads),
                bar));
      }
      try (IndexReader index = IndexReader.open(indexDir);
          Tokenizer tok = index.tokenizer(null)) {
        listener.queried(DemoQueries.ask(index, tok), tok);
      }
    }

    listener.step(5, "model suite: GPT-NeoX models of 4 sizes trained on the same Europarl rows");
    Path suiteDir = out.resolve("suite");
    Suite.Manifest suite =
        SuiteTraining.train(SuitePreset.DEMO, tokenizerFile, store, suiteDir, threads, reporter);
    listener.suite(suite, suiteDir);

    Suite.Model largest = suite.models().getLast();
    Path rows = suiteDir.resolve(Suite.ROWS);
    listener.step(
        6, "model info and a scored sample: " + largest.name() + ", its first training rows");
    scoreSample(suiteDir.resolve(largest.finalCheckpoint()), rows, listener);

    listener.step(
        7,
        "memorization (study A): greedy continuations of training rows, every model; extraction"
            + " by sampling, membership scores of trained and held-out rows, corpus spans");
    Path db = out.resolve(RESULTS);
    Files.deleteIfExists(db);
    Files.deleteIfExists(db.resolveSibling(RESULTS + ".wal"));
    List<ModelRef> finals = new ArrayList<>();
    for (Suite.Model m : suite.models())
      finals.add(ModelRef.of(suiteDir.resolve(m.finalCheckpoint())));
    List<ModelRef> scored = new ArrayList<>(finals);
    for (int step : largest.checkpointSteps()) {
      if (step != suite.steps()) {
        scored.add(
            ModelRef.of(
                Suite.checkpoint(suiteDir.resolve("models").resolve(largest.name()), step)));
      }
    }
    var memorization =
        new MemorizationSettings(
            scored,
            rows,
            null,
            new RowSelection.Sample(200, 1),
            true,
            null,
            List.of(32, 64),
            List.of(16, 32),
            64,
            threads,
            true,
            indexDir,
            null,
            TOP_K);
    listener.memorized(memorization, MemorizationRunner.run(memorization, db, reporter), db);

    Path figures = out.resolve("figures");
    listener.step(8, "analyses of study A -> " + figures);
    var analysis = new AnalysisSettings(figures, indexDir, true, threads);
    listener.analyzed(AnalysisRunner.run(analysis, db), figures);
    listener.measured(DemoMeasures.read(db));

    ModelRef predicted = ModelRef.of(suiteDir.resolve(largest.finalCheckpoint()));
    listener.step(
        9, "predicting memorization per token (study A (f)): " + largest.name() + ", C=32, L=16");
    // 60 rows per level keeps the demo in minutes; the predictor has study A's shape.
    var prediction =
        new PredictionSettings(
            predicted.name(),
            32,
            16,
            60,
            1,
            threads,
            figures,
            PredictionSettings.DEFAULT_HIDDEN,
            PredictionSettings.DEFAULT_LAYERS,
            PredictionSettings.DEFAULT_HEADS);
    listener.predicted(
        prediction, PredictionRunner.train(prediction, 40, out.resolve("predictor"), db));

    listener.step(
        10, "study B: English country names into cs, de, es, fr, hu, it, traced to Europarl");
    var tracing = TracingSettings.of(CountryNamesTask.all(), indexDir, finals, figures);
    listener.traced(TracingRunner.run(tracing, db, reporter), figures);
    Path report = Report.write(db, figures, AnalysisRunner.settings(analysis, db));
    listener.finished(report, (System.nanoTime() - start) / 1e9, out);
  }

  /** Model description, then teacher-forced statistics of a few rows the model trained on. */
  private static void scoreSample(Path model, Path rows, Listener listener) throws IOException {
    try (LanguageModel lm = LanguageModel.load(model);
        TokenStore store = TokenStore.open(rows)) {
      listener.model(lm);
      int[][] sample = new int[8][];
      for (int r = 0; r < sample.length; r++) sample[r] = store.sequence(r);
      RowScores[] scores = lm.score(sample, ScoreOptions.DEFAULT);
      long hits = 0;
      long positions = 0;
      double logprob = 0;
      double entropy = 0;
      for (int r = 0; r < sample.length; r++) {
        for (int p = 0; p < scores[r].positions(); p++) {
          if (scores[r].argmax()[p] == sample[r][p + 1]) hits++;
          logprob += scores[r].targetLogprob()[p];
          entropy += scores[r].entropy()[p];
          positions++;
        }
      }
      listener.sampleScored(
          new SampleScores(
              sample.length,
              positions,
              (double) hits / positions,
              logprob / positions,
              entropy / positions));
    }
  }
}
