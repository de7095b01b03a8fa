package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.hub.HubDownload;
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
      paramLabel = "DIR|OWNER/NAME",
      description =
          "Hugging Face model directory (config.json, model.safetensors or sharded with"
              + " model.safetensors.index.json, tokenizer.json for text), or a hub repository id,"
              + " fetched into the Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub or"
              + " ~/.cache/huggingface/hub; HF_ENDPOINT, HF_TOKEN honoured).")
  Path model;

  @Option(
      names = "--revision",
      defaultValue = "main",
      description = "Hub branch, tag or commit. Default: ${DEFAULT-VALUE}.")
  String revision;

  @Option(names = "--offline", description = "Use only the hub cache (also HF_HUB_OFFLINE=1).")
  boolean offline;

  private Path resolved;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Threads for the model. Default: all processors.")
  Integer threads;

  LanguageModel open() throws IOException {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) throw new BadInputException("--threads must be at least 1, got " + n);
    return LanguageModel.load(dir(), n);
  }

  /** The model directory: {@code --model} itself, or its hub snapshot, fetched when needed. */
  Path dir() throws IOException {
    if (resolved == null) resolved = resolve(model, revision, offline);
    return resolved;
  }

  /** A local directory as is; an OWNER/NAME that is not one, through the hub cache. */
  static Path resolve(Path model, String revision, boolean offline) throws IOException {
    String id = model.toString();
    if (Files.isDirectory(model) || !HubDownload.isRepoId(id)) return model;
    HubDownload hub = HubDownload.fromEnvironment(System.getenv(), offline);
    try (var bar = ProgressBars.open("download " + id, -1, "MB", 1 << 20)) {
      return hub.snapshot(id, revision, bar::advance);
    }
  }

  /** The model directory's tokenizer, or null when it has none. */
  Tokenizer tokenizerIfPresent() throws BadInputException {
    Path dir;
    try {
      dir = dir();
    } catch (BadInputException e) {
      throw e;
    } catch (IOException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    return Files.exists(dir.resolve("tokenizer.json")) ? Tokenizer.load(dir) : null;
  }
}
