package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Shard;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.NgramDocuments;
import io.memtrace.tracing.WordNgrams;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Study B's counting load: exact document co-occurrence of n-gram pairs, batched as trace runs it
 * (each n-gram's document set looked up once, then pairs intersected), side by side with the
 * index's per-pair query ({@link Cooccurrence#documents}, one per spelling combination, which
 * cannot share lookups and counts a document once per combination, so it is the cost, not the
 * answer, that compares). The n-grams are word 1- to 3-grams of Europarl in all their spellings (an
 * index with a tokenizer), or token 1- to 3-grams read at random positions of the index's own text
 * ({@code --tokens}, any index, e.g. a synthetic benchmark corpus). Reports pairs/s by the decade
 * of the rarer n-gram's documents, and the peak of the bitmaps kept and of the heap.
 */
@Command(
    name = "cooccur",
    mixinStandardHelpOptions = true,
    description =
        "Exact document co-occurrence pairs/s for n-gram pairs (study B), batched vs one index"
            + " query per pair, by decade of the rarer n-gram's documents, with peak memory.")
final class BenchCooccurCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path indexDir;

  @Option(
      names = "--tokens",
      description =
          "Token n-grams read from the index's text instead of Europarl word n-grams (any index).")
  boolean tokens;

  @Option(
      names = "--ngrams",
      converter = Counts.Positive.class,
      defaultValue = "4000",
      description = "Distinct n-grams.")
  int ngrams;

  @Option(
      names = "--pairs",
      converter = Counts.Positive.class,
      defaultValue = "200000",
      description = "Pairs to count.")
  int pairs;

  @Option(
      names = "--per-pair",
      converter = Counts.NonNegative.class,
      defaultValue = "2000",
      description = "Pairs also counted by one index query per pair and spelling.")
  int perPair;

  @Option(names = "--seed", defaultValue = "1", description = "Sampling seed.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom r = new SplittableRandom(seed);
    try (IndexReader index = IndexReader.open(indexDir);
        Tokenizer tok = tokens ? null : index.tokenizer(null)) {
      List<List<int[]>> spellings = tokens ? tokenNgrams(index, r) : wordNgrams(tok, index, r);
      int[][] pairIds = new int[pairs][];
      for (int i = 0; i < pairs; i++) {
        pairIds[i] = new int[] {r.nextInt(spellings.size()), r.nextInt(spellings.size())};
      }
      MemoryPeak heap = new MemoryPeak();
      // Batched: one document lookup per distinct n-gram, then one intersection per pair.
      long start = System.nanoTime();
      DocumentSets.Documents[] sets = new DocumentSets.Documents[spellings.size()];
      long bitmapBytes = 0;
      for (int i = 0; i < sets.length; i++) {
        sets[i] = DocumentSets.of(index, spellings.get(i));
        bitmapBytes += sets[i].bytes();
      }
      long lookups = System.nanoTime() - start;
      int decades = 11;
      long[] bucketNanos = new long[decades];
      long[] bucketCount = new long[decades];
      long checksum = 0;
      for (int[] p : pairIds) {
        long t = System.nanoTime();
        checksum += DocumentSets.intersect(sets[p[0]], sets[p[1]]);
        int b = decade(Math.min(sets[p[0]].size(), sets[p[1]].size()));
        bucketNanos[b] += System.nanoTime() - t;
        bucketCount[b]++;
      }
      long batched = System.nanoTime() - start;

      // Per pair through the index: every spelling combination is its own query.
      int naivePairs = Math.min(pairs, perPair);
      long t0 = System.nanoTime();
      long naiveChecksum = 0;
      for (int i = 0; i < naivePairs; i++) {
        for (int[] a : spellings.get(pairIds[i][0])) {
          for (int[] b : spellings.get(pairIds[i][1])) {
            naiveChecksum += Cooccurrence.documents(index, a, b).documents();
          }
        }
      }
      long naive = System.nanoTime() - t0;

      double batchedRate = pairs / (batched / 1e9);
      out.printf(
          "%,d %s, %,d random pairs, %,d documents and %,d tokens in the index%n",
          spellings.size(),
          tokens ? "token 1-3-grams of the index's text" : "word 1-3-grams of Europarl",
          pairs,
          index.documentCount(),
          index.tokenCount());
      out.printf(
          "batched (trace):      %,12.0f pairs/s  (n-gram lookups %.2f s, total %.2f s,"
              + " checksum %d)%n",
          batchedRate, lookups / 1e9, batched / 1e9, checksum);
      if (naivePairs > 0) {
        double naiveRate = naivePairs / (naive / 1e9);
        out.printf(
            "per-pair index query: %,12.0f pairs/s  (%,d pairs, every spelling combination,"
                + " checksum %d)%n",
            naiveRate, naivePairs, naiveChecksum);
        out.printf("ratio batched / per-pair: %.1fx%n", batchedRate / naiveRate);
      }
      out.printf(
          "peak memory: document bitmaps %,d bytes (%.1f per n-gram); heap used %,d bytes%n",
          bitmapBytes, (double) bitmapBytes / sets.length, heap.peak());
      out.println("intersections by documents of the rarer n-gram:");
      for (int b = 0; b < decades; b++) {
        if (bucketCount[b] == 0) continue;
        String label =
            b == 0 ? "0" : (long) Math.pow(10, b - 1) + "-" + ((long) Math.pow(10, b) - 1);
        out.printf(
            "  %-22s %,9d pairs  %,14.0f pairs/s%n",
            label, bucketCount[b], bucketCount[b] / (bucketNanos[b] / 1e9));
      }
    }
    return 0;
  }

  /** 0 for no documents, else 1 + the decade: 1-9 is 1, 10-99 is 2, ... */
  private static int decade(long documents) {
    return documents == 0 ? 0 : Math.min(10, 1 + (int) Math.floor(Math.log10(documents)));
  }

  /** Distinct token 1- to 3-grams at random positions of the index's shards. */
  private List<List<int[]>> tokenNgrams(IndexReader index, SplittableRandom r) {
    Set<List<Integer>> seen = new LinkedHashSet<>();
    List<List<int[]>> out = new ArrayList<>();
    while (out.size() < ngrams) {
      Shard shard = index.shards().get(r.nextInt(index.shards().size()));
      int n = 1 + r.nextInt(3);
      int at = r.nextInt(shard.length() - n);
      int[] t = shard.tokens(at, at + n);
      if (Arrays.stream(t).anyMatch(x -> x >= index.vocabSize())) continue; // a separator
      if (seen.add(Arrays.stream(t).boxed().toList())) out.add(List.of(t));
    }
    return out;
  }

  private List<List<int[]>> wordNgrams(Tokenizer tok, IndexReader index, SplittableRandom r)
      throws Exception {
    NgramDocuments docs = new NgramDocuments(index, tok);
    List<List<int[]>> out = new ArrayList<>();
    for (String text : sample(r)) out.add(docs.variants(text));
    return out;
  }

  /**
   * The heap's peak use since it was created: the JVM's peak of each heap pool, summed (an upper
   * bound, the pools' peaks need not coincide).
   */
  private static final class MemoryPeak {
    MemoryPeak() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
      }
    }

    long peak() {
      long n = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) n += pool.getPeakUsage().getUsed();
      }
      return n;
    }
  }

  /** Distinct word 1- to 3-grams from random Europarl documents, stop-word rule for English. */
  private List<String> sample(SplittableRandom r) throws Exception {
    var stop = io.memtrace.tracing.StopWords.forLanguage("en");
    LinkedHashSet<String> out = new LinkedHashSet<>();
    List<String> docs = new ArrayList<>();
    new EuroparlCorpus()
        .read(
            d -> {
              if (r.nextInt(20) == 0) docs.add(d.text());
              return true;
            },
            delta -> {});
    while (out.size() < ngrams) {
      String text = docs.get(r.nextInt(docs.size()));
      int n = 1 + r.nextInt(3);
      List<WordNgrams.Ngram> all = WordNgrams.of(text, n, n <= 3 ? stop : Optional.empty());
      if (!all.isEmpty()) out.add(all.get(r.nextInt(all.size())).text());
    }
    return new ArrayList<>(out);
  }
}
