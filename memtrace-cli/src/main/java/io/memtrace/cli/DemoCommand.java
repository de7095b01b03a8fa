package io.memtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusStats;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.NextTokens;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.suite.Suite;
import io.memtrace.model.suite.SuitePreset;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job on the embedded default, growing with every stage of the pipeline: today it trains
 * the tokenizer on Europarl, ingests the corpus into a token store, describes the store, builds the
 * store's n-gram index and asks it a few questions, trains the demo model suite on the store
 * (reused on later runs), scores a few of its training rows, measures what the models memorized of
 * their training rows (study A) and traces a translation task to the corpus (study B).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on the embedded default (the Europarl corpus) and write every output"
          + " under --out.",
      "Steps: 1. train a byte-level BPE tokenizer on Europarl; 2. ingest Europarl into a token"
          + " store; 3. corpus statistics; 4. suffix-array n-gram index and example queries;"
          + " 5. train (or reuse) the demo model suite; 6. model info and a scored sample;"
          + " 7. memorization scores of training rows (study A); 8. analyses and figures;"
          + " 9. the memorization predictor and its baselines (study A (f)); 10. tracing the"
          + " country-names translation task to the corpus (study B)."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      paramLabel = "DIR",
      description = "Directory for the outputs. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--vocab",
      defaultValue = "4096",
      paramLabel = "N",
      description = "Vocabulary size of the tokenizer. Default: ${DEFAULT-VALUE}.")
  int vocab;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    long start = System.nanoTime();
    var europarl = new EuroparlCorpus();

    step(1, "tokenizer: byte-level BPE, vocabulary " + vocab + ", trained on Europarl");
    Path tokenizerFile =
        TokenizerTrainOptions.defaults().train(europarl, vocab, out.resolve("tokenizer"));
    spec.commandLine().getOut().println("  -> " + tokenizerFile);

    step(2, "token store: Europarl, one sequence per document, EOS after each");
    Path store = out.resolve("europarl");
    try (Tokenizer tokenizer = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.Result ingest;
      try (var bar = ProgressBars.open("ingest", europarl.sizeBytes(), "MB", 1 << 20)) {
        ingest = CorpusIngest.run(europarl, tokenizer, store, true, bar);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "  -> %s.{bin,idx,meta.json}: %,d documents, %,d tokens, %,.0f tokens/s%n",
              store, ingest.documents(), ingest.tokens(), ingest.tokensPerSecond());

      step(3, "corpus statistics");
      CorpusStats stats;
      try (TokenStore tokens = TokenStore.open(store)) {
        stats =
            CorpusStats.compute(tokens, 15, Runtime.getRuntime().availableProcessors(), p -> {});
      }
      Path statsFile = out.resolve("europarl.stats.json");
      var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      AtomicWrite.write(statsFile, o -> json.writeValue(o, stats));
      spec.commandLine().getOut().println(StatsReport.format(stats, tokenizer).indent(2));
      spec.commandLine().getOut().println("  -> " + statsFile);

      step(4, "n-gram index of the store: count, next tokens, co-occurrence, infini-gram");
      indexAndQuery(store, out.resolve("europarl.index"));
    }

    step(5, "model suite: GPT-NeoX models of 4 sizes trained on the same Europarl rows");
    Path suiteDir = out.resolve("suite");
    Suite.Manifest suite =
        SuiteTrainCommand.train(
            SuitePreset.DEMO,
            tokenizerFile,
            store,
            suiteDir,
            Runtime.getRuntime().availableProcessors());
    SuiteTrainCommand.print(spec.commandLine().getOut(), suite, suiteDir);

    Suite.Model largest = suite.models().getLast();
    step(6, "model info and a scored sample: " + largest.name() + ", its first training rows");
    scoreSample(suiteDir.resolve(largest.finalCheckpoint()), suiteDir.resolve(Suite.ROWS));

    step(7, "memorization (study A): greedy continuations of training rows, every model");
    memorization(suite, suiteDir);

    step(9, "predicting memorization per token (study A (f)): " + largest.name() + ", C=32, L=16");
    run(
        new PredictCommand.Train(),
        "--db",
        out.resolve("results.duckdb").toString(),
        "--model",
        MemorizeCommand.name(suiteDir.resolve(largest.finalCheckpoint())),
        "--context",
        "32",
        "--continuation",
        "16",
        "--out",
        out.resolve("predictor").toString(),
        "--figures",
        out.resolve("figures").toString());

    step(10, "study B: English country names into cs, de, es, fr, hu, it, traced to Europarl");
    List<String> finals = new ArrayList<>();
    for (Suite.Model m : suite.models()) {
      finals.add(suiteDir.resolve(m.finalCheckpoint()).toString());
    }
    run(
        new TraceCommand(),
        "--task",
        "countries",
        "--index",
        out.resolve("europarl.index").toString(),
        "--models",
        String.join(",", finals),
        "--db",
        out.resolve("results.duckdb").toString(),
        "--figures",
        out.resolve("figures").toString());
    spec.commandLine()
        .getOut()
        .printf(
            "%ndemo finished in %.1f s; outputs in %s%n", (System.nanoTime() - start) / 1e9, out);
    return 0;
  }

  private void indexAndQuery(Path store, Path indexDir) throws Exception {
    var print = spec.commandLine().getOut();
    IndexWriter.Result built;
    try (TokenStore tokens = TokenStore.open(store);
        var bar =
            ProgressBars.open("index", IndexWriter.progressTotal(tokens), "Mtok", 1_000_000)) {
      long memory = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
      built =
          IndexWriter.build(
              tokens,
              StoreMetadata.readIfPresent(store),
              indexDir,
              new IndexWriter.Options(memory, Runtime.getRuntime().availableProcessors()),
              bar);
    }
    print.printf(
        "  -> %s: %d shard(s), %,d bytes = %.2f bytes/token, %.1f s%n",
        indexDir,
        built.manifest().shards().size(),
        built.bytes(),
        (double) built.bytes() / built.manifest().storeTokens(),
        built.nanos() / 1e9);
    try (IndexReader index = IndexReader.open(indexDir);
        Tokenizer tok = index.tokenizer(null)) {
      int[] parliament = tok.encode(" Parliament");
      print.printf(
          "  count %s: %,d occurrences in %,d documents%n",
          IndexQueryOptions.show(parliament, tok),
          index.count(parliament),
          Cooccurrence.documentFrequency(index, parliament));
      int[] context = tok.encode(" the European");
      NextTokens.Distribution ntd = NextTokens.of(index, context);
      print.printf(
          "  next tokens after %s (%,d continuations), top 5:%n",
          IndexQueryOptions.show(context, tok), ntd.continuations());
      IndexNtdCommand.print(print, ntd.top(5), tok);
      int[] commission = tok.encode(" Commission");
      Cooccurrence.Count both = Cooccurrence.documents(index, parliament, commission);
      Cooccurrence.Count near = Cooccurrence.within(index, parliament, commission, 20);
      print.printf(
          "  documents with both %s and %s: %,d (within 20 tokens: %,d)%n",
          IndexQueryOptions.show(parliament, tok),
          IndexQueryOptions.show(commission, tok),
          both.documents(),
          near.documents());
      String phrase = "Mr President, ladies and gentlemen, I would like to thank the rapporteur.";
      print.printf("  infini-gram probabilities of '%s':%n", phrase);
      IndexInfgramCommand.print(print, InfiniGram.sequence(index, tok.encode(phrase)), tok);
    }
  }

  /**
   * Scores 200 sampled training rows and every planted passage for each model size (final
   * checkpoints) and the largest model's intermediate checkpoints, C in {32, 64}, L in {16, 32};
   * then runs the analyses. The database is rebuilt on every run.
   */
  private void memorization(Suite.Manifest suite, Path suiteDir) throws Exception {
    Path db = out.resolve("results.duckdb");
    Files.deleteIfExists(db);
    Files.deleteIfExists(db.resolveSibling("results.duckdb.wal"));
    List<String> models = new ArrayList<>();
    for (Suite.Model m : suite.models())
      models.add(suiteDir.resolve(m.finalCheckpoint()).toString());
    Suite.Model largest = suite.models().getLast();
    for (int step : largest.checkpointSteps()) {
      if (step != suite.steps()) {
        models.add(
            Suite.checkpoint(suiteDir.resolve("models").resolve(largest.name()), step).toString());
      }
    }
    run(
        new MemorizeCommand(),
        "--models",
        String.join(",", models),
        "--rows",
        suiteDir.resolve(Suite.ROWS).toString(),
        "--sample",
        "200",
        "--seed",
        "1",
        "--include-duplicates",
        "--context",
        "32,64",
        "--continuation",
        "16,32",
        "--db",
        db.toString());
    step(8, "analyses of study A -> " + out.resolve("figures"));
    run(
        new AnalyzeCommand(),
        "--db",
        db.toString(),
        "--out",
        out.resolve("figures").toString(),
        "--index",
        out.resolve("europarl.index").toString(),
        "--embeddings");
  }

  /** Runs another command with these arguments, printing where the demo prints. */
  private void run(java.util.concurrent.Callable<Integer> command, String... args)
      throws Exception {
    new CommandLine(command)
        .setOut(spec.commandLine().getOut())
        .setErr(spec.commandLine().getErr())
        .parseArgs(args);
    command.call();
  }

  /** Model description, then teacher-forced statistics of a few rows the model trained on. */
  private void scoreSample(Path model, Path rows) throws Exception {
    var print = spec.commandLine().getOut();
    try (LanguageModel lm = LanguageModel.load(model);
        TokenStore store = TokenStore.open(rows)) {
      ModelInfoCommand.describe(lm).forEach((k, v) -> print.printf("  %-20s %s%n", k, v));
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
      print.printf(
          "  %d training rows, %d predicted positions: argmax accuracy %.1f%%, mean target"
              + " log-prob %.3f nats, mean entropy %.3f nats%n",
          sample.length,
          positions,
          100.0 * hits / positions,
          logprob / positions,
          entropy / positions);
    }
  }

  private void step(int n, String what) {
    spec.commandLine().getOut().printf("%n[%d] %s%n", n, what);
  }
}
