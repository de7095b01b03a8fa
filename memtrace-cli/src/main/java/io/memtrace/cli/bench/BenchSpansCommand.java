package io.memtrace.cli.bench;

import io.memtrace.BadInputException;
import io.memtrace.cli.options.Counts;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Spans;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Span tracing throughput on texts shaped like generations that recite in pieces: windows of the
 * indexed text with a share of tokens replaced by tokens drawn from the corpus. Counted in
 * longest-match lookups (one per token of a text: the longest match ending there), for the walk of
 * {@link Spans} on one thread and on all, side by side with finding the longest match at every
 * start position afresh (a binary search over lengths, one count query per probe), which must give
 * the same maximal spans.
 */
@Command(
    name = "spans",
    mixinStandardHelpOptions = true,
    description = {
      "Span tracing: longest-match lookups per second for generation-like texts (windows of the"
          + " corpus with tokens replaced), the one-pass walk against a search at every start.",
      "Canonical corpus: python3 ../shared/bench/make_corpus.py /tmp/bench100m; memtrace index"
          + " build --store /tmp/bench100m --out /tmp/bench100m.index; memtrace bench spans"
          + " --index /tmp/bench100m.index"
    })
final class BenchSpansCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Option(
      names = "--generations",
      converter = Counts.Positive.class,
      defaultValue = "1000",
      description = "Texts traced per run. Default: ${DEFAULT-VALUE}.")
  int generations;

  @Option(
      names = "--length",
      converter = Counts.Positive.class,
      defaultValue = "64",
      description = "Tokens per text. Default: ${DEFAULT-VALUE}.")
  int length;

  @Option(
      names = "--noise",
      defaultValue = "0.1",
      description = "Share of a window's tokens replaced. Default: ${DEFAULT-VALUE}.")
  double noise;

  @Option(names = "--seed", defaultValue = "1", description = "Sampling seed.")
  long seed;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Repeat repeat = new BenchOptions.Repeat(5);

  @Override
  public Integer call() throws Exception {
    if (!(noise >= 0 && noise <= 1)) throw new BadInputException("--noise must be in [0, 1]");
    PrintWriter out = spec.commandLine().getOut();
    try (IndexReader reader = IndexReader.open(index)) {
      Random random = new Random(seed);
      List<int[]> texts = new ArrayList<>(generations);
      for (int g = 0; g < generations; g++) {
        int[] text = NgramSamples.sample(reader, random, length);
        for (int i = 0; i < text.length; i++) {
          if (random.nextDouble() < noise) text[i] = NgramSamples.sample(reader, random, 1)[0];
        }
        texts.add(text);
      }
      long lookups = (long) generations * length;
      out.printf(
          "index %s: %,d tokens, %d shard(s); %,d texts of %d tokens (%.0f%% replaced)%n",
          index, reader.tokenCount(), reader.shards().size(), generations, length, 100 * noise);

      List<List<Spans.Span>> walked = new ArrayList<>();
      for (int[] t : texts) walked.add(Spans.of(reader, t, 1, 0, 0)); // warm-up
      long spans = walked.stream().mapToLong(List::size).sum();
      long longest =
          walked.stream().flatMap(List::stream).mapToInt(s -> s.end() - s.start()).max().orElse(0);
      for (int g = 0; g < texts.size(); g++) {
        if (!perStart(reader, texts.get(g)).equals(starts(walked.get(g)))) {
          throw new IllegalStateException("the two ways disagree on text " + g);
        }
      }
      out.printf(
          "%,d maximal spans, longest %d tokens; both ways agree on every text%n", spans, longest);

      int n = threads.count();
      double[] one = new double[repeat.count()];
      double[] all = new double[repeat.count()];
      double[] fresh = new double[repeat.count()];
      try (ForkJoinPool pool = new ForkJoinPool(n)) {
        for (int r = 0; r < one.length; r++) {
          one[r] = lookups / seconds(() -> texts.forEach(t -> walk(reader, t)));
          all[r] =
              lookups
                  / seconds(
                      () ->
                          pool.submit(
                                  () ->
                                      IntStream.range(0, texts.size())
                                          .parallel()
                                          .forEach(i -> walk(reader, texts.get(i))))
                              .join());
          fresh[r] = lookups / seconds(() -> texts.forEach(t -> perStart(reader, t)));
        }
      }
      out.printf(
          "walk: %s longest-match lookups/s on one thread, %s on %d threads%n",
          summary(one), summary(all), n);
      out.printf(
          "search at every start: %s lookups/s on one thread; walk / search %.1fx%n",
          summary(fresh), Timings.median(one) / Timings.median(fresh));
      out.printf("(median of %d runs, min-max in brackets)%n", one.length);
    }
    return 0;
  }

  private static void walk(IndexReader reader, int[] text) {
    try {
      Spans.of(reader, text, 1, 0, 0);
    } catch (BadInputException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The maximal spans as {@code start, end} pairs from the longest match at every start {@code i},
   * found afresh: the span at {@code i} is maximal unless the one at {@code i - 1} reaches past it.
   */
  private static List<List<Integer>> perStart(IndexReader reader, int[] text) {
    int[] longest = new int[text.length];
    for (int i = 0; i < text.length; i++) {
      int lo = 0;
      int hi = text.length - i;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (count(reader, Arrays.copyOfRange(text, i, i + mid)) > 0) lo = mid;
        else hi = mid - 1;
      }
      longest[i] = lo;
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      if (longest[i] > 0 && (i == 0 || longest[i - 1] <= longest[i])) {
        out.add(List.of(i, i + longest[i]));
      }
    }
    return out;
  }

  private static List<List<Integer>> starts(List<Spans.Span> spans) {
    return spans.stream().map(s -> List.of(s.start(), s.end())).toList();
  }

  private static long count(IndexReader reader, int[] ngram) {
    try {
      return reader.count(ngram);
    } catch (BadInputException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String summary(double[] runs) {
    return "%,.0f [%,.0f-%,.0f]"
        .formatted(
            Timings.median(runs), Timings.min(runs), Arrays.stream(runs).max().orElseThrow());
  }

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
