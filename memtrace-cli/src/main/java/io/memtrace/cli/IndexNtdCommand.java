package io.memtrace.cli;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.IndexAnswers;
import io.memtrace.index.IndexReader;
import io.memtrace.index.NextTokens;
import io.memtrace.tokens.Tokenizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ntd",
    mixinStandardHelpOptions = true,
    description = {
      "Next-token distribution after a context: exact up to --exact-limit continuations, else"
          + " sampled, with a bound on the error of every probability.",
      "Example: memtrace index ntd --index data/europarl.index --text \" the European\" --top 5"
    })
final class IndexNtdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(
      names = "--tokens",
      split = ",",
      paramLabel = "ID",
      description = "The context as ids (none: the unigram distribution).")
  List<Integer> tokens;

  @Option(names = "--text", paramLabel = "TEXT", description = "The context as text.")
  String text;

  @Option(
      names = "--top",
      converter = Counts.Positive.class,
      defaultValue = "10",
      paramLabel = "K",
      description = "Show the K most frequent next tokens. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(
      names = "--exact-limit",
      converter = Counts.NonNegativeLong.class,
      defaultValue = "" + NextTokens.EXACT_LIMIT,
      paramLabel = "N",
      description = "Exact up to N continuations. Default: ${DEFAULT-VALUE}.")
  long exactLimit;

  @Option(
      names = "--samples",
      converter = Counts.Positive.class,
      defaultValue = "" + NextTokens.SAMPLES,
      paramLabel = "N",
      description = "Occurrences sampled above the limit. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, text != null)) {
      int[] context =
          tokens == null && text == null
              ? new int[0]
              : IndexQueryOptions.ngram(tokens, text, tok, "--tokens/--text");
      NextTokens.Distribution d = IndexAnswers.ntd(reader, context, top, exactLimit, samples);
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, d);
        return 0;
      }
      out.printf(
          "after %s: %,d occurrences, %,d continue; %s%n",
          IndexQueryOptions.show(context, tok),
          d.count(),
          d.continuations(),
          d.approx() ? "sampled, each probability within %.2g".formatted(d.bound()) : "exact");
      print(out, d.tokens(), tok);
    }
    return 0;
  }

  static void print(java.io.PrintWriter out, List<NextTokens.NextToken> tokens, Tokenizer tok) {
    for (NextTokens.NextToken t : tokens) {
      out.printf(
          "  %8d %-24s %,14d  %.5f%n",
          t.token(),
          IndexQueryOptions.show(new int[] {t.token()}, tok),
          t.count(),
          t.probability());
    }
  }
}
