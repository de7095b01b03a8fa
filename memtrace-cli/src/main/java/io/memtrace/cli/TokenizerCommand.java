package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "tokenizer",
    mixinStandardHelpOptions = true,
    description = "Train byte-level BPE tokenizers; encode and decode with any HF tokenizer.json.",
    subcommands = {
      TokenizerCommand.Train.class,
      TokenizerCommand.Encode.class,
      TokenizerCommand.Decode.class
    })
final class TokenizerCommand {

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train a byte-level BPE tokenizer (GPT-NeoX style, special tokens <|endoftext|> = 0,"
            + " <|padding|> = 1) and write it as a Hugging Face tokenizer.json.",
        "Example: memtrace tokenizer train --input europarl --vocab 8192 --out tok/"
      })
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InputOptions input;
    @Mixin TokenizerTrainOptions training;

    @Option(
        names = "--vocab",
        converter = Counts.Positive.class,
        required = true,
        paramLabel = "N",
        description = "Vocabulary size.")
    int vocab;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
      DocumentSource source = input.source();
      OutputPaths.prepare(out, source.files());
      Path file = training.train(source, vocab, out, spec.commandLine().getOut());
      try (Tokenizer t = Tokenizer.load(file)) {
        spec.commandLine()
            .getOut()
            .printf("%s: vocabulary %d, sha256 %s%n", file, t.vocabSize(), t.sha256());
      }
      return 0;
    }
  }

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = "Print the token ids of a text.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "T")
    Path tokenizer;

    @Option(names = "--text", required = true, paramLabel = "TEXT")
    String text;

    @Override
    public Integer call() throws Exception {
      try (Tokenizer t = Tokenizer.load(tokenizer)) {
        int[] ids = t.encode(text);
        spec.commandLine().getOut().println(Arrays.toString(ids));
        spec.commandLine()
            .getOut()
            .println(
                Arrays.stream(ids)
                    .mapToObj(id -> "'" + t.decode(new int[] {id}) + "'")
                    .collect(Collectors.joining(" ")));
      }
      return 0;
    }
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = "Print the text of token ids.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "T")
    Path tokenizer;

    @Option(names = "--tokens", required = true, split = ",", arity = "1..*", paramLabel = "ID")
    List<Integer> tokens;

    @Override
    public Integer call() throws Exception {
      try (Tokenizer t = Tokenizer.load(tokenizer)) {
        String text;
        try {
          text = t.decode(tokens.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--tokens: " + e.getMessage());
        }
        spec.commandLine().getOut().println(text);
      }
      return 0;
    }
  }
}
