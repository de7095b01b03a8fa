package io.memtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusStats;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job on the embedded default, growing with every stage of the pipeline: today it trains
 * the tokenizer on Europarl, ingests the corpus into a token store and describes the store.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on the embedded default (the Europarl corpus) and write every output"
          + " under --out.",
      "Steps: 1. train a byte-level BPE tokenizer on Europarl; 2. ingest Europarl into a token"
          + " store; 3. corpus statistics."
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
      defaultValue = "8192",
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
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%ndemo finished in %.1f s; outputs in %s%n", (System.nanoTime() - start) / 1e9, out);
    return 0;
  }

  private void step(int n, String what) {
    spec.commandLine().getOut().printf("%n[%d] %s%n", n, what);
  }
}
