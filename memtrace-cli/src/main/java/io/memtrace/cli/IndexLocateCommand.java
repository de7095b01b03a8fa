package io.memtrace.cli;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.IndexAnswers;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Occurrences;
import io.memtrace.tokens.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "locate",
    aliases = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "List where an n-gram occurs, as (document, offset), a page at a time, with the text"
          + " around each occurrence.",
      "Example: memtrace index locate --index data/europarl.index --text \" Parliament\""
          + " --limit 5 --context 12"
    })
final class IndexLocateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--tokens", split = ",", paramLabel = "ID", description = "The n-gram as ids.")
  List<Integer> tokens;

  @Option(names = "--text", paramLabel = "TEXT", description = "The n-gram as text.")
  String text;

  @Option(
      names = "--from",
      converter = Counts.NonNegativeLong.class,
      defaultValue = "0",
      paramLabel = "N",
      description = "Skip the first N occurrences. Default: ${DEFAULT-VALUE}.")
  long from;

  @Option(
      names = "--limit",
      converter = Counts.Positive.class,
      defaultValue = "10",
      paramLabel = "N",
      description = "Occurrences per page. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(
      names = "--context",
      converter = Counts.NonNegative.class,
      defaultValue = "10",
      paramLabel = "N",
      description = "Tokens of the document shown on each side. Default: ${DEFAULT-VALUE}.")
  int context;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, text != null)) {
      int[] ngram = IndexQueryOptions.ngram(tokens, text, tok, "--tokens/--text");
      IndexAnswers.Locations found = IndexAnswers.locate(reader, ngram, from, limit, context);
      Occurrences.Page page = found.page();
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, found);
        return 0;
      }
      out.printf(
          "%s: %,d occurrences; %d to %d:%n",
          IndexQueryOptions.show(ngram, tok),
          page.total(),
          page.from(),
          page.from() + page.occurrences().size());
      for (Occurrences.Window w : found.windows()) {
        int[] t = w.tokens();
        int a = w.matchFrom() - w.from();
        int b = w.matchTo() - w.from();
        out.printf(
            "  document %d, offset %d: %s [%s] %s%n",
            w.document(),
            w.matchFrom(),
            IndexQueryOptions.show(Arrays.copyOfRange(t, 0, a), tok),
            IndexQueryOptions.show(Arrays.copyOfRange(t, a, b), tok),
            IndexQueryOptions.show(Arrays.copyOfRange(t, b, t.length), tok));
      }
    }
    return 0;
  }
}
