package io.memtrace.cli;

import io.memtrace.AtomicWrite;
import io.memtrace.OutputPaths;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.index.BatchQueries;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Answer many queries from a JSON Lines file in one run, in parallel; one JSON result per"
          + " line, in input order. Lines: {\"op\": \"count\"|\"docfreq\"|\"locate\"|\"ntd\"|"
          + "\"infgram\"|\"cooccur\", ...} with ids (\"ngram\", \"context\", \"tokens\", \"a\","
          + " \"b\") or texts (\"text\", \"a_text\", \"b_text\").",
      "Example: memtrace index batch --index data/europarl.index --queries q.jsonl --out r.jsonl"
    })
final class IndexBatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexQueryOptions index;

  @Option(names = "--queries", required = true, paramLabel = "Q.jsonl", description = "Queries.")
  Path queries;

  @Option(
      names = "--out",
      paramLabel = "R.jsonl",
      description = "Where to write the results. Default: standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (out != null) OutputPaths.prepare(out, queries, index.index, index.tokenizer);
    try (IndexReader reader = index.open();
        Tokenizer tok = index.tokenizer(reader, false);
        var bar = ProgressBars.open("queries", -1, "queries", 1)) {
      if (out == null) {
        BatchQueries.run(reader, tok, queries, spec.commandLine().getOut(), bar);
        return 0;
      }
      long[] n = {0};
      AtomicWrite.write(
          out,
          o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            n[0] = BatchQueries.run(reader, tok, queries, w, bar);
            w.flush();
          });
      spec.commandLine().getErr().printf("%,d queries answered -> %s%n", n[0], out);
    }
    return 0;
  }
}
