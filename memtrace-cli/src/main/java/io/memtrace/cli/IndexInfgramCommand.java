package io.memtrace.cli;

import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.tokens.Tokenizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "infgram",
    mixinStandardHelpOptions = true,
    description = {
      "Infini-gram probability of every token of a sequence given the tokens before it, from"
          + " the longest suffix of that context that occurs (and continues) in the corpus.",
      "Example: memtrace index infgram --index data/europarl.index --text \"the European"
          + " Parliament\""
    })
final class IndexInfgramCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--tokens", split = ",", paramLabel = "ID", description = "The tokens as ids.")
  List<Integer> tokens;

  @Option(names = "--text", paramLabel = "TEXT", description = "The tokens as text.")
  String text;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, text != null)) {
      int[] seq = IndexQueryOptions.ngram(tokens, text, tok, "--tokens/--text");
      List<InfiniGram.Probability> probs = InfiniGram.sequence(reader, seq);
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, probs);
        return 0;
      }
      print(out, probs, tok);
    }
    return 0;
  }

  static void print(java.io.PrintWriter out, List<InfiniGram.Probability> probs, Tokenizer tok) {
    out.printf("  %3s %8s %-20s %10s %7s %s%n", "pos", "token", "", "P", "suffix", "count");
    for (int i = 0; i < probs.size(); i++) {
      InfiniGram.Probability p = probs.get(i);
      out.printf(
          "  %3d %8d %-20s %10.6f %7d %,d / %,d%n",
          i,
          p.token(),
          IndexQueryOptions.show(new int[] {p.token()}, tok),
          p.probability(),
          p.suffixLength(),
          p.count(),
          p.continuations());
    }
  }
}
