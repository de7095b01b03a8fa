package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} and {@code --threads N}, shared by the commands that run a model. */
final class ModelOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Hugging Face model directory: config.json, model.safetensors (or sharded with"
              + " model.safetensors.index.json), tokenizer.json for text.")
  Path model;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for the model. Default: all processors.")
  Integer threads;

  LanguageModel open() throws IOException {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) throw new BadInputException("--threads must be at least 1, got " + n);
    return LanguageModel.load(model, n);
  }

  /** The model directory's tokenizer, or null when it has none. */
  Tokenizer tokenizerIfPresent() throws BadInputException {
    return Files.exists(model.resolve("tokenizer.json")) ? Tokenizer.load(model) : null;
  }
}
