package io.memtrace.cli.options;

import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that name a token store: a Megatron prefix (or either file), or a headerless .bin. */
public final class StoreOptions {
  @Option(
      names = "--store",
      required = true,
      paramLabel = "STORE",
      description = "Token store: path prefix P of P.bin/P.idx, or either file.")
  public Path store;

  @Option(
      names = "--row-length",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description =
          "Read a headerless .bin of fixed rows of N tokens (Pythia's merged pre-shuffled Pile:"
              + " 2049).")
  public Integer rowLength;

  @Option(
      names = "--dtype",
      defaultValue = "u16",
      paramLabel = "TYPE",
      description =
          "Token type of a headerless .bin: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  public TokenDtype dtype;

  /** The files of the store. */
  public List<Path> files() {
    return StorePaths.of(store).files();
  }

  public TokenStore open() throws IOException {
    return rowLength == null
        ? TokenStore.open(store)
        : TokenStore.openRows(store, rowLength, dtype);
  }
}
