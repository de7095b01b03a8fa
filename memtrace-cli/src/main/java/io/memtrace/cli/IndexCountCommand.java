package io.memtrace.cli;

import io.memtrace.index.IndexAnswers;
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
    name = "count",
    mixinStandardHelpOptions = true,
    description = {
      "Count the occurrences of an n-gram (and, with --documents, the documents containing it).",
      "Example: memtrace index count --index data/europarl.index --text \" Parliament\""
    })
final class IndexCountCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--tokens", split = ",", paramLabel = "ID", description = "The n-gram as ids.")
  List<Integer> tokens;

  @Option(names = "--text", paramLabel = "TEXT", description = "The n-gram as text.")
  String text;

  @Option(names = "--documents", description = "Also count the documents containing it.")
  boolean documents;

  @Override
  public Integer call() throws Exception {
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, text != null)) {
      int[] ngram = IndexQueryOptions.ngram(tokens, text, tok, "--tokens/--text");
      IndexAnswers.Count c = IndexAnswers.count(reader, ngram, documents);
      var out = spec.commandLine().getOut();
      if (index.json) {
        index.printJson(out, c);
      } else {
        out.printf("%s: %,d occurrences", IndexQueryOptions.show(ngram, tok), c.count());
        out.println(c.documents() == null ? "" : ", in %,d documents".formatted(c.documents()));
      }
    }
    return 0;
  }
}
