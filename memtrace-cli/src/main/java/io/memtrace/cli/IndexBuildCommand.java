package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.ByteSize;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.StoreOptions;
import io.memtrace.index.IndexManifest;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build the suffix-array n-gram index of a token store: shards of whole documents, each as"
          + " large as the memory budget allows, written to a temporary directory and renamed"
          + " into place when complete.",
      "Example: memtrace index build --store data/europarl --out data/europarl.index --memory 8g"
    })
final class IndexBuildCommand implements Callable<Integer> {
  /** Heap the JVM keeps for everything but the shard being built. */
  private static final long RESERVED_HEAP = 256L << 20;

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "INDEX",
      description = "Index directory to create (an existing index there is replaced).")
  Path out;

  @Option(
      names = "--memory",
      defaultValue = "8g",
      converter = ByteSize.class,
      paramLabel = "SIZE",
      description =
          "Peak memory of the build (e.g. 8g, 512m); larger stores are split into shards."
              + " Default: ${DEFAULT-VALUE}.")
  long memory;

  @Option(
      names = "--tokenizer",
      paramLabel = "JSON",
      description =
          "The tokenizer.json the store was written with, recorded in the index for text queries"
              + " and checks, for a store without memtrace metadata (Pythia's Pile .bin, a store of"
              + " Megatron's preprocess_data.py); with metadata, it must be the recorded one.")
  Path tokenizer;

  @Option(
      names = "--lcp",
      description =
          "Also write each shard's LCP file (1 + token width bytes per token): counts scan one"
              + " block of it instead of searching the text, and `index windows` needs it.")
  boolean lcp;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Threads for the suffix sort. Default: all cores.")
  Integer threads;

  /** The store's metadata, or the named tokenizer's description of a store without any. */
  private StoreMetadata metadata(StoreMetadata recorded, TokenStore tokens) throws IOException {
    if (tokenizer == null) return recorded;
    try (Tokenizer t = Tokenizer.load(tokenizer)) {
      if (recorded == null) return StoreMetadata.describing(t, tokens);
      if (!t.sha256().equals(recorded.tokenizerSha256())) {
        throw new BadInputException(
            "--tokenizer "
                + tokenizer
                + " (SHA-256 "
                + t.sha256()
                + ") is not the tokenizer the store was written with: "
                + StoreMetadata.fileOf(StorePaths.of(store.store).prefix())
                + " records "
                + recorded.tokenizer()
                + " (SHA-256 "
                + recorded.tokenizerSha256()
                + ")");
      }
      return recorded;
    }
  }

  @Override
  public Integer call() throws Exception {
    OutputPaths.prepare(out, store.files());
    long heap = Runtime.getRuntime().maxMemory() - RESERVED_HEAP;
    long budget = memory;
    if (budget > heap) {
      budget = heap;
      spec.commandLine()
          .getErr()
          .printf(
              "memtrace: --memory %,d bytes is more than the JVM's heap allows; using %,d (raise"
                  + " it with MEMTRACE_JAVA_OPTS=-Xmx...)%n",
              memory, budget);
    }
    StoreMetadata recorded =
        store.rowLength == null
            ? StoreMetadata.readIfPresent(StorePaths.of(store.store).prefix())
            : null;
    IndexWriter.Result result;
    try (TokenStore tokens = store.open();
        var bar =
            ProgressBars.open(
                "index (read, sort, write)",
                IndexWriter.progressTotal(tokens),
                "Mtok",
                1_000_000)) {
      var options =
          new IndexWriter.Options(
              budget, threads == null ? Runtime.getRuntime().availableProcessors() : threads, lcp);
      result = IndexWriter.build(tokens, metadata(recorded, tokens), out, options, bar);
    }
    IndexManifest m = result.manifest();
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %,d documents, %,d tokens, %d shard(s), vocabulary %,d (%d-byte tokens),"
                + " %,d bytes = %.2f bytes/token, %.1f s%n",
            out,
            m.storeDocuments(),
            m.storeTokens(),
            m.shards().size(),
            m.vocabSize(),
            m.tokenWidth(),
            result.bytes(),
            (double) result.bytes() / Math.max(1, m.storeTokens()),
            result.nanos() / 1e9);
    return 0;
  }
}
