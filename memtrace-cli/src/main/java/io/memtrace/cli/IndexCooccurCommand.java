package io.memtrace.cli;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "cooccur",
    mixinStandardHelpOptions = true,
    description = {
      "Count the documents containing both of two n-grams (anywhere, or both within a window of"
          + " W tokens).",
      "Example: memtrace index cooccur --index data/europarl.index --a \" Parliament\" --b \""
          + " Commission\""
    })
final class IndexCooccurCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--a-tokens", split = ",", paramLabel = "ID", description = "First n-gram, ids.")
  List<Integer> aTokens;

  @Option(names = "--a", paramLabel = "TEXT", description = "First n-gram as text.")
  String a;

  @Option(names = "--b-tokens", split = ",", paramLabel = "ID", description = "Second n-gram, ids.")
  List<Integer> bTokens;

  @Option(names = "--b", paramLabel = "TEXT", description = "Second n-gram as text.")
  String b;

  @Option(
      names = "--window",
      converter = Counts.NonNegative.class,
      defaultValue = "0",
      paramLabel = "W",
      description = "Both must fit in W consecutive tokens; 0: anywhere in the document.")
  int window;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, a != null || b != null)) {
      int[] x = IndexQueryOptions.ngram(aTokens, a, tok, "--a-tokens/--a");
      int[] y = IndexQueryOptions.ngram(bTokens, b, tok, "--b-tokens/--b");
      Cooccurrence.Count c =
          window == 0
              ? Cooccurrence.documents(reader, x, y)
              : Cooccurrence.within(reader, x, y, window);
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, c);
        return 0;
      }
      out.printf(
          "%s (%,d occurrences) and %s (%,d occurrences): %,d documents contain both%s%n",
          IndexQueryOptions.show(x, tok),
          c.occurrencesA(),
          IndexQueryOptions.show(y, tok),
          c.occurrencesB(),
          c.documents(),
          window == 0 ? "" : " within " + window + " tokens");
    }
    return 0;
  }
}
