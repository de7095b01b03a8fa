package io.memtrace.cli;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.IndexAnswers;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Occurrences;
import io.memtrace.index.Spans;
import io.memtrace.tokens.Tokenizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "spans",
    mixinStandardHelpOptions = true,
    description = {
      "Trace a text to the corpus, as OLMoTrace: its maximal spans that occur verbatim in the"
          + " corpus, with their counts and the documents holding them, a page at a time.",
      "Example: memtrace index spans --index data/europarl.index --text \"I declare resumed the"
          + " session of the European Parliament\" --min-length 4"
    })
final class IndexSpansCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--tokens", split = ",", paramLabel = "ID", description = "The text as ids.")
  List<Integer> tokens;

  @Option(names = "--text", paramLabel = "TEXT", description = "The text.")
  String text;

  @Option(
      names = "--min-length",
      converter = Counts.Positive.class,
      defaultValue = "1",
      paramLabel = "N",
      description = "Shortest span reported, in tokens. Default: ${DEFAULT-VALUE}.")
  int minLength;

  @Option(
      names = "--from",
      converter = Counts.NonNegativeLong.class,
      defaultValue = "0",
      paramLabel = "N",
      description = "Skip the first N occurrences of each span. Default: ${DEFAULT-VALUE}.")
  long from;

  @Option(
      names = "--docs",
      converter = Counts.NonNegative.class,
      defaultValue = "3",
      paramLabel = "K",
      description = "Occurrences (document, offset) listed per span. Default: ${DEFAULT-VALUE}.")
  int docs;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, text != null)) {
      int[] seq = IndexQueryOptions.ngram(tokens, text, tok, "--tokens/--text");
      IndexAnswers.Trace trace = IndexAnswers.spans(reader, seq, minLength, from, docs);
      List<Spans.Span> spans = trace.spans();
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, trace);
        return 0;
      }
      out.printf(
          "%d tokens, %d maximal spans of at least %d tokens in the corpus:%n",
          seq.length, spans.size(), minLength);
      for (Spans.Span s : spans) {
        out.printf(
            "  [%d, %d) %s: %,d occurrences%n",
            s.start(), s.end(), IndexQueryOptions.show(s.page().ngram(), tok), s.page().total());
        for (Occurrences.Occurrence o : s.page().occurrences()) {
          out.printf("    document %d, offset %d%n", o.document(), o.offset());
        }
      }
    }
    return 0;
  }
}
