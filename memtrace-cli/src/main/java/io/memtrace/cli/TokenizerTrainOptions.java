package io.memtrace.cli;

import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.studies.prepare.TokenizerTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a byte-level BPE tokenizer is trained on a corpus, and where it is written. */
final class TokenizerTrainOptions {
  @Option(
      names = "--tokenizer-out",
      paramLabel = "DIR",
      description = "Where --train-tokenizer writes tokenizer.json. Default: STORE.tokenizer/")
  Path dir;

  @Option(
      names = "--train-chars",
      converter = Counts.PositiveLong.class,
      defaultValue = "2000000000",
      paramLabel = "N",
      description =
          "Train the tokenizer on the first N characters of the corpus. Default: ${DEFAULT-VALUE}.")
  long maxChars = TokenizerTraining.DEFAULT_MAX_CHARS;

  Path outDirFor(Path storePrefix) {
    return dir != null ? dir : storePrefix.resolveSibling(storePrefix.getFileName() + ".tokenizer");
  }

  /** Trains on the corpus and writes {@code outDir/tokenizer.json}; returns that file. */
  Path train(DocumentSource source, int vocab, Path outDir, PrintWriter out) throws IOException {
    return TokenizerTraining.train(source, vocab, maxChars, outDir, new ConsoleReporter(out));
  }
}
