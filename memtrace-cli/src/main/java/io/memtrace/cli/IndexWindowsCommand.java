package io.memtrace.cli;

import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.Offsets;
import io.memtrace.cli.options.StoreOptions;
import io.memtrace.index.IndexReader;
import io.memtrace.index.WindowCounts;
import io.memtrace.tokens.TokenStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "windows",
    mixinStandardHelpOptions = true,
    description = {
      "Count, for every row of the store the index was built from, the corpus occurrences of its"
          + " tokens [OFFSET, OFFSET + WIDTH), all rows in one pass over each shard's LCP file"
          + " (needs `index lcp` or `index build --lcp`). Written to INDEX/windows.counts, where"
          + " `analyze --index` finds them for the memorization taxonomy.",
      "Example: memtrace index windows --index pile.index --store pile.bin --row-length 2049"
          + " --width 48,64 --offset 0,32"
    })
final class IndexWindowsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Mixin StoreOptions store;

  @Option(
      names = "--width",
      split = ",",
      defaultValue = "32,64",
      paramLabel = "W",
      description = "Window widths, 1 to 255. Default: ${DEFAULT-VALUE}.")
  int[] widths;

  @Option(
      names = "--offset",
      defaultValue = "0",
      paramLabel = "S",
      description =
          "Where windows start in each row: numbers and ranges A..B, comma-separated."
              + " Default: ${DEFAULT-VALUE}.")
  String offsets;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write here instead of INDEX/windows.counts.")
  Path out;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Path written;
    long rows;
    try (IndexReader reader = IndexReader.open(index);
        TokenStore tokens = store.open()) {
      rows = tokens.sequenceCount();
      long total =
          reader.shards().stream().mapToLong(s -> s.length()).sum()
              * Arrays.stream(widths).distinct().count();
      try (var bar = ProgressBars.open("windows", total, "Mtok", 1_000_000)) {
        written = WindowCounts.write(reader, tokens, Offsets.parse(offsets), widths, out, bar);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %,d rows x %d window(s) in %.1f s (%,.0f rows/s)%n",
            written, rows, widths.length * Offsets.parse(offsets).length, seconds, rows / seconds);
    return 0;
  }
}
