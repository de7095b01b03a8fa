package io.memtrace.studies.prepare;

import io.memtrace.BadInputException;
import io.memtrace.corpus.CorpusSample;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.studies.Reporter;
import io.memtrace.tokens.BpeModel;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A byte-level BPE tokenizer trained on a corpus and written as Hugging Face tokenizer.json. */
public final class TokenizerTraining {
  /** GPT-NeoX's special tokens, at ids 0 and 1. */
  public static final List<String> SPECIAL_TOKENS = List.of("<|endoftext|>", "<|padding|>");

  /** Characters read for training unless told otherwise: in practice the whole corpus. */
  public static final long DEFAULT_MAX_CHARS = 2_000_000_000L;

  private TokenizerTraining() {}

  /**
   * Trains on the first {@code maxChars} characters of the corpus and writes {@code
   * outDir/tokenizer.json}; returns that file.
   */
  public static Path train(
      DocumentSource source, int vocab, long maxChars, Path outDir, Reporter reporter)
      throws IOException {
    List<String> texts;
    try (var bar = reporter.progress("read", source.sizeBytes(), "MB", 1 << 20)) {
      texts = CorpusSample.firstTexts(source, maxChars, bar);
    }
    BpeTrainer trainer;
    try {
      trainer = new BpeTrainer(vocab, SPECIAL_TOKENS);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--vocab " + vocab + ": " + e.getMessage());
    }
    BpeModel model;
    try (var bar = reporter.progress("train BPE", vocab, "tokens", 1)) {
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
