package io.memtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.StoreOptions;
import io.memtrace.corpus.CorpusStats;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Describe a token store: documents, sequences, tokens, document lengths, vocabulary use and"
          + " the most frequent tokens.",
      "Example: memtrace corpus stats --store data/europarl"
    })
final class CorpusStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--tokenizer",
      paramLabel = "T",
      description =
          "Tokenizer to show token texts with; default: the one in the store's metadata, if any.")
  Path tokenizer;

  @Option(
      names = "--top",
      converter = Counts.Positive.class,
      defaultValue = "20",
      paramLabel = "K",
      description = "How many of the most frequent tokens to list. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--json", description = "Print the statistics as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CorpusStats stats;
    try (TokenStore tokens = store.open();
        var bar = ProgressBars.open("stats", tokens.tokenCount(), "Mtok", 1_000_000)) {
      stats = CorpusStats.compute(tokens, top, Runtime.getRuntime().availableProcessors(), bar);
    }
    try (Tokenizer tok =
        tokenizerFor(store.rowLength == null ? StorePaths.of(store.store).prefix() : null)) {
      print(stats, tok, spec.commandLine().getOut());
    }
    return 0;
  }

  private Tokenizer tokenizerFor(Path prefix) throws IOException {
    if (tokenizer != null) return Tokenizer.load(tokenizer);
    StoreMetadata meta = prefix == null ? null : StoreMetadata.readIfPresent(prefix);
    if (meta == null || !Files.exists(Path.of(meta.tokenizer()))) return null;
    return Tokenizer.load(Path.of(meta.tokenizer()));
  }

  private void print(CorpusStats stats, Tokenizer tok, PrintWriter out) throws IOException {
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(stats));
      return;
    }
    out.println(StatsReport.format(stats, tok));
  }
}
