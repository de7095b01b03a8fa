package io.memtrace.cli.bench;

import io.memtrace.Progress;
import io.memtrace.cli.options.Offsets;
import io.memtrace.cli.options.StoreOptions;
import io.memtrace.index.IndexReader;
import io.memtrace.index.WindowCounts;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Window counts of every row in one pass ({@link WindowCounts}) against one count query per row and
 * window, on the same index and store, with the answers compared.
 */
@Command(
    name = "windows",
    mixinStandardHelpOptions = true,
    description = {
      "Rows per second of `index windows` (all rows' window counts from LCP intervals) against"
          + " one `count` query per row and window (on up to --queried rows), answers compared.",
      "Example: memtrace bench windows --index /tmp/idx100m --store /tmp/bench100m --width 32,64"
    })
final class BenchWindowsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Mixin StoreOptions store;

  @Option(
      names = "--width",
      split = ",",
      defaultValue = "32,64",
      description = "Window widths. Default: ${DEFAULT-VALUE}.")
  int[] widths;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description =
          "Window offsets in each row, numbers and ranges A..B. Default: ${DEFAULT-VALUE}.")
  String offsets;

  @Option(
      names = "--queried",
      defaultValue = "200000",
      description = "Rows counted by query. Default: ${DEFAULT-VALUE}.")
  long queried;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = Files.createTempFile("memtrace-bench-windows", ".counts");
    try (IndexReader reader = IndexReader.open(index);
        TokenStore tokens = store.open()) {
      long rows = tokens.sequenceCount();
      long t0 = System.nanoTime();
      WindowCounts.write(reader, tokens, Offsets.parse(offsets), widths, file, Progress.NONE);
      double pass = (System.nanoTime() - t0) / 1e9;
      long n = Math.min(rows, queried);
      WindowCounts counts = WindowCounts.open(file, reader);
      long windows = 0;
      long differ = 0;
      long t1 = System.nanoTime();
      long checking = 0;
      for (long r = 0; r < n; r++) {
        int[] row = tokens.sequence(r);
        for (int w : widths) {
          for (int o : Offsets.parse(offsets)) {
            long expected =
                o + w > row.length ? -1 : reader.count(Arrays.copyOfRange(row, o, o + w));
            windows++;
            long c0 = System.nanoTime();
            if (counts.count(r, o, w) != expected) differ++;
            checking += System.nanoTime() - c0;
          }
        }
      }
      double query = (System.nanoTime() - t1 - checking) / 1e9;
      long slots = (long) widths.length * Offsets.parse(offsets).length;
      out.printf(
          "index %s, store %s: %,d rows, widths %s%n",
          index, store.store, rows, Arrays.toString(widths));
      out.printf(
          "  one pass (LCP intervals): %.1f s, %,.0f rows/s (%d windows a row)%n",
          pass, rows / pass, slots);
      out.printf(
          "  one count query per row and window (%,d rows, %,d windows): %.1f s, %,.0f rows/s;"
              + " one pass / queries %.2fx; answers differing: %d%n",
          n, windows, query, n / query, (rows / pass) / (n / query), differ);
    } finally {
      Files.deleteIfExists(file);
    }
    return 0;
  }
}
