package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.corpus.CorpusSample;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.tokens.BpeModel;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How a byte-level BPE tokenizer is trained on a corpus, and where it is written. */
final class TokenizerTrainOptions {
  /** GPT-NeoX's special tokens, at ids 0 and 1. */
  static final List<String> SPECIAL_TOKENS = List.of("<|endoftext|>", "<|padding|>");

  @Option(
      names = "--tokenizer-out",
      paramLabel = "DIR",
      description = "Where --train-tokenizer writes tokenizer.json. Default: STORE.tokenizer/")
  Path dir;

  @Option(
      names = "--train-chars",
      defaultValue = "2000000000",
      paramLabel = "N",
      description =
          "Train the tokenizer on the first N characters of the corpus. Default: ${DEFAULT-VALUE}.")
  long maxChars;

  static TokenizerTrainOptions defaults() {
    var o = new TokenizerTrainOptions();
    o.maxChars = 2_000_000_000L;
    return o;
  }

  Path outDirFor(Path storePrefix) {
    return dir != null ? dir : storePrefix.resolveSibling(storePrefix.getFileName() + ".tokenizer");
  }

  /** Trains on the corpus and writes {@code outDir/tokenizer.json}; returns that file. */
  Path train(DocumentSource source, int vocab, Path outDir) throws IOException {
    List<String> texts;
    try (var bar = ProgressBars.open("read", source.sizeBytes(), "MB", 1 << 20)) {
      texts = CorpusSample.firstTexts(source, maxChars, bar);
    }
    BpeModel model;
    BpeTrainer trainer;
    try {
      trainer = new BpeTrainer(vocab, SPECIAL_TOKENS);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--vocab " + vocab + ": " + e.getMessage());
    }
    try (var bar = ProgressBars.open("train BPE", vocab, "tokens", 1)) {
      long[] shown = {0};
      model =
          trainer.train(
              texts.stream(),
              (size, target) -> {
                bar.advance(size - shown[0]);
                shown[0] = size;
              });
    }
    Files.createDirectories(outDir);
    Path file = outDir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);
    return file;
  }
}
