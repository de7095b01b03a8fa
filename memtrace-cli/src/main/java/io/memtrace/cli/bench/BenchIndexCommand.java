package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.IndexReader;
import io.memtrace.index.PageAdvice;
import io.memtrace.index.PageTrace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Query throughput of an index on n-grams sampled from its own text: count queries per second by
 * n-gram length, one thread and all threads, and document co-occurrence queries per second by the
 * frequency of the rarer n-gram of the pair.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Index query throughput: count and cooccur queries per second on n-grams sampled from the"
          + " indexed corpus; cooccur by decade of the rarer n-gram's frequency.",
      "Canonical corpus: python3 ../shared/bench/make_corpus.py /tmp/bench100m; memtrace index"
          + " build --store /tmp/bench100m --out /tmp/bench100m.index; memtrace bench index"
          + " --index /tmp/bench100m.index"
    })
final class BenchIndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Option(
      names = "--queries",
      converter = Counts.Positive.class,
      defaultValue = "100000",
      description = "Count queries per run. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(
      names = "--pairs",
      converter = Counts.Positive.class,
      defaultValue = "2000",
      description = "Cooccur queries. Default: ${DEFAULT-VALUE}.")
  int pairs;

  @Option(
      names = "--max-n",
      converter = Counts.Positive.class,
      defaultValue = "5",
      description = "Longest n-gram sampled. Default: ${DEFAULT-VALUE}.")
  int maxN;

  @Option(names = "--seed", defaultValue = "1", description = "Sampling seed.")
  long seed;

  @Option(
      names = "--cold",
      converter = Counts.Positive.class,
      defaultValue = "300",
      description =
          "Count queries timed right after evicting the index's pages from the page cache, per"
              + " search. Default: ${DEFAULT-VALUE}.")
  int cold;

  @Option(
      names = "--ngrams",
      paramLabel = "FILE",
      description =
          "Count these n-grams instead of sampled ones: one per line, token ids separated by"
              + " spaces (to time another engine on the same queries).")
  Path ngramsFile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<int[]> queried;
    try (IndexReader reader = IndexReader.open(index)) {
      out.printf(
          "index %s: %,d tokens, %d shard(s); %d threads%n",
          index,
          reader.tokenCount(),
          reader.shards().size(),
          Runtime.getRuntime().availableProcessors());
      Random random = new Random(seed);
      List<int[]> ngrams = new ArrayList<>(queries);
      if (ngramsFile != null) {
        for (String line : Files.readAllLines(ngramsFile)) {
          if (!line.isBlank()) {
            ngrams.add(
                Arrays.stream(line.strip().split("\\s+")).mapToInt(Integer::parseInt).toArray());
          }
        }
      } else {
        for (int i = 0; i < queries; i++)
          ngrams.add(NgramSamples.sample(reader, random, 1 + i % maxN));
      }
      int longest = ngrams.stream().mapToInt(q -> q.length).max().orElse(0);
      long sum = countOnce(reader, ngrams); // warm-up: compile, and fault the pages in
      double single = countThroughput(reader, ngrams, false);
      double parallel = countThroughput(reader, ngrams, true);
      out.printf(
          "count, %,d n-grams of 1..%d tokens: %,.0f queries/s on one thread, %,.0f on all"
              + " (sum of counts %d)%n",
          ngrams.size(), longest, single, parallel, sum);
      for (int n = 1; n <= longest; n++) {
        int len = n;
        List<int[]> ofN = ngrams.stream().filter(q -> q.length == len).toList();
        out.printf(
            "  n=%d: %,.0f queries/s on one thread%n", n, countThroughput(reader, ofN, false));
      }
      cooccur(reader, random, out);
      queried = ngrams;
    }
    pages(queried, out);
    return 0;
  }

  /**
   * Distinct 4 KiB pages of index files each count touches, by plain binary search and through the
   * sample, then the latency of counts right after the index's pages were evicted.
   */
  private void pages(List<int[]> ngrams, PrintWriter out) throws Exception {
    out.printf("pages of index files touched per count (distinct 4 KiB pages; same n-grams):%n");
    int longest = ngrams.stream().mapToInt(q -> q.length).max().orElse(0);
    double[][] perN = new double[2][longest + 1];
    String[] names = {"binary search", "sampled"};
    for (int mode = 0; mode < 2; mode++) {
      PageTrace trace = new PageTrace();
      var options =
          IndexReader.Options.DEFAULT.withSampleShare(mode == 0 ? 0 : IndexReader.SAMPLE_SHARE);
      try (IndexReader reader = IndexReader.open(index, options.withTrace(trace))) {
        reader.count(ngrams.getFirst()); // builds the sample
        long total = 0;
        int[] ofN = new int[longest + 1];
        for (int[] q : ngrams) {
          trace.reset();
          reader.count(q);
          total += trace.pages();
          perN[mode][q.length] += trace.pages();
          ofN[q.length]++;
        }
        for (int n = 1; n <= longest; n++) perN[mode][n] /= Math.max(1, ofN[n]);
        out.printf(
            "  %-14s %6.2f pages/count on average%s%n",
            names[mode],
            (double) total / ngrams.size(),
            mode == 0
                ? ""
                : "; sample: every %s-th suffix, %,d bytes of heap (%.2f%% of tokens + suffix array),"
                        .formatted(
                            Arrays.toString(reader.sampleSteps()),
                            reader.sampleBytes(),
                            100.0 * reader.sampleBytes() / indexBytes(reader))
                    + (reader.hasLcp()
                        ? " LCP files scanned"
                        : " no LCP files: binary search in the block"));
      }
    }
    for (int n = 1; n <= longest; n++) {
      out.printf("    n=%d: %6.2f vs %6.2f%n", n, perN[0][n], perN[1][n]);
    }
    double[] rate = new double[2];
    for (int round = 0; round < 2; round++) { // alternating, the index in memory
      for (int mode = 0; mode < 2; mode++) {
        var options =
            IndexReader.Options.DEFAULT.withSampleShare(mode == 0 ? 0 : IndexReader.SAMPLE_SHARE);
        try (IndexReader reader = IndexReader.open(index, options)) {
          countOnce(reader, ngrams);
          rate[mode] = Math.max(rate[mode], countThroughput(reader, ngrams, false));
        }
      }
    }
    out.printf(
        "  in memory, one thread (best of 2): binary search %,.0f counts/s, sampled %,.0f (%.2fx)%n",
        rate[0], rate[1], rate[1] / rate[0]);
    for (int mode = 0; mode < 2; mode++) {
      var options =
          new IndexReader.Options(
              IndexReader.Options.DEFAULT.eagerCheckBytes(),
              mode == 0 ? 0 : IndexReader.SAMPLE_SHARE,
              0,
              true,
              null);
      try (IndexReader reader = IndexReader.open(index, options)) {
        reader.count(ngrams.getFirst()); // builds the sample, checks the first blocks
        if (!PageAdvice.evict(reader)) {
          out.printf("  evicted latency: cannot evict pages here (madvise/posix_fadvise)%n");
          return;
        }
        List<int[]> queries =
            ngrams.subList(ngrams.size() - Math.min(cold, ngrams.size()), ngrams.size());
        long t0 = System.nanoTime();
        for (int[] q : queries) reader.count(q);
        double us = (System.nanoTime() - t0) / 1e3 / queries.size();
        out.printf(
            "  evicted, %-14s %,10.0f us/count over the first %d counts after eviction%n",
            names[mode], us, queries.size());
      }
    }
  }

  private static long indexBytes(IndexReader reader) {
    return reader.shards().stream()
        .mapToLong(s -> (long) s.length() * (s.tokenWidth() + s.pointerWidth()))
        .sum();
  }

  /**
   * Pairs of a sampled n-gram (1 to 3 tokens) and a sampled unigram, which is often a frequent
   * token: the shape of study B's pairs, where one side is common.
   */
  private void cooccur(IndexReader reader, Random random, PrintWriter out) throws Exception {
    List<int[][]> all = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      all.add(
          new int[][] {
            NgramSamples.sample(reader, random, 1 + i % 3), NgramSamples.sample(reader, random, 1)
          });
    }
    for (int[][] p : all) Cooccurrence.documents(reader, p[0], p[1]); // warm-up
    // decade of the rarer side's count -> {queries, nanos, rare total, other total}
    TreeMap<Integer, long[]> byDecade = new TreeMap<>();
    long start = System.nanoTime();
    for (int[][] p : all) {
      long t0 = System.nanoTime();
      Cooccurrence.Count c = Cooccurrence.documents(reader, p[0], p[1]);
      long nanos = System.nanoTime() - t0;
      long rare = Math.min(c.occurrencesA(), c.occurrencesB());
      long[] s =
          byDecade.computeIfAbsent(
              (int) Math.floor(Math.log10(Math.max(1, rare))), k -> new long[4]);
      s[0]++;
      s[1] += nanos;
      s[2] += rare;
      s[3] += Math.max(c.occurrencesA(), c.occurrencesB());
    }
    double single = all.size() / ((System.nanoTime() - start) / 1e9);
    long p0 = System.nanoTime();
    IntStream.range(0, all.size())
        .parallel()
        .forEach(i -> documents(reader, all.get(i)[0], all.get(i)[1]));
    double parallel = all.size() / ((System.nanoTime() - p0) / 1e9);
    out.printf(
        "cooccur (documents with both), %,d pairs: %,.0f queries/s on one thread, %,.0f batched on"
            + " all%n",
        all.size(), single, parallel);
    out.printf(
        "  %-18s %7s %14s %14s %12s%n",
        "rarer count", "pairs", "mean rarer", "mean other", "us/query");
    for (var e : byDecade.entrySet()) {
      long[] s = e.getValue();
      out.printf(
          "  [1e%d, 1e%d)%8s %7d %,14.0f %,14.0f %,12.1f%n",
          e.getKey(),
          e.getKey() + 1,
          "",
          s[0],
          (double) s[2] / s[0],
          (double) s[3] / s[0],
          s[1] / 1e3 / s[0]);
    }
  }

  private static void documents(IndexReader reader, int[] a, int[] b) {
    try {
      Cooccurrence.documents(reader, a, b);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long countOnce(IndexReader reader, List<int[]> ngrams) throws Exception {
    long sum = 0;
    for (int[] q : ngrams) sum += reader.count(q);
    return sum;
  }

  private static double countThroughput(IndexReader reader, List<int[]> ngrams, boolean parallel)
      throws Exception {
    long start = System.nanoTime();
    if (parallel) {
      long[] sums = new long[ngrams.size()];
      IntStream.range(0, ngrams.size())
          .parallel()
          .forEach(i -> sums[i] = count(reader, ngrams.get(i)));
    } else {
      countOnce(reader, ngrams);
    }
    return ngrams.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static long count(IndexReader reader, int[] q) {
    try {
      return reader.count(q);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
