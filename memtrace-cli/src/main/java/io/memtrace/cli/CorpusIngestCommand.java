package io.memtrace.cli;

import io.memtrace.OutputPaths;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Tokenize a corpus into a Megatron token store (P.bin + P.idx, one sequence per document)"
          + " with its metadata P.meta.json.",
      "Example: memtrace corpus ingest --input europarl --train-tokenizer 8192 --out data/europarl"
    })
final class CorpusIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @ArgGroup(multiplicity = "1")
  TokenizerChoice tokenizer;

  static final class TokenizerChoice {
    @Option(
        names = "--tokenizer",
        paramLabel = "T",
        description = "A Hugging Face tokenizer.json (or the directory holding it).")
    Path path;

    @Option(
        names = "--train-tokenizer",
        converter = Counts.Positive.class,
        paramLabel = "VOCAB",
        description =
            "Train a byte-level BPE tokenizer of this vocabulary size on the corpus first.")
    Integer vocab;
  }

  @Mixin TokenizerTrainOptions training;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "STORE",
      description = "Path prefix of the store to write.")
  Path out;

  @Option(
      names = "--no-eos",
      description = "Do not append the tokenizer's EOS token after each document.")
  boolean noEos;

  @Override
  public Integer call() throws Exception {
    DocumentSource source = input.source();
    List<Path> inputs = new ArrayList<>(source.files());
    if (tokenizer.path != null) inputs.add(tokenizer.path);
    OutputPaths.refuseInputs(new StorePaths(out).files(), inputs);
    OutputPaths.createParents(out);
    if (tokenizer.path == null) OutputPaths.prepare(training.outDirFor(out), inputs);
    Path tokenizerFile =
        tokenizer.path != null
            ? tokenizer.path
            : training.train(
                source, tokenizer.vocab, training.outDirFor(out), spec.commandLine().getOut());
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.Result result;
      try (var bar = ProgressBars.open("ingest", source.sizeBytes(), "MB", 1 << 20)) {
        result = CorpusIngest.run(source, tok, out, !noEos, bar);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "%s: %,d documents, %,d tokens in %.1f s (%,.0f tokens/s)%n",
              out,
              result.documents(),
              result.tokens(),
              result.nanos() / 1e9,
              result.tokensPerSecond());
    }
    return 0;
  }
}
