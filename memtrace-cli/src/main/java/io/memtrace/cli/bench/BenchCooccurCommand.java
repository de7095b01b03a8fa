package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.NgramDocuments;
import io.memtrace.tracing.WordNgrams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Study B's counting load: exact document co-occurrence of word n-gram pairs (each word with and
 * without its leading space) on an index of Europarl, batched as trace runs it (each n-gram's
 * documents looked up once, then pairs intersected), side by side with the index's per-pair query
 * ({@link Cooccurrence#documents}, four spelling combinations per pair, which cannot share lookups
 * and counts a document once per combination, so it is the cost, not the answer, that compares).
 * Reports queries/s by the document frequency of the rarer n-gram.
 */
@Command(
    name = "cooccur",
    mixinStandardHelpOptions = true,
    description =
        "Exact document co-occurrence queries/s for word n-gram pairs (study B), batched vs one"
            + " index query per pair, by frequency of the rarer n-gram.")
final class BenchCooccurCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Europarl index.")
  Path indexDir;

  @Option(
      names = "--ngrams",
      converter = Counts.Positive.class,
      defaultValue = "4000",
      description = "Distinct word n-grams.")
  int ngrams;

  @Option(
      names = "--pairs",
      converter = Counts.Positive.class,
      defaultValue = "200000",
      description = "Pairs to count.")
  int pairs;

  @Option(names = "--seed", defaultValue = "1", description = "Sampling seed.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom r = new SplittableRandom(seed);
    List<String> texts = sample(r);
    try (IndexReader index = IndexReader.open(indexDir);
        Tokenizer tok = index.tokenizer(null)) {
      int[][] pairIds = new int[pairs][];
      for (int i = 0; i < pairs; i++) {
        pairIds[i] = new int[] {r.nextInt(texts.size()), r.nextInt(texts.size())};
      }
      // Batched: one document lookup per distinct n-gram, then one intersection per pair.
      long start = System.nanoTime();
      NgramDocuments docs = new NgramDocuments(index, tok);
      DocumentSets.Documents[] sets = new DocumentSets.Documents[texts.size()];
      for (int i = 0; i < sets.length; i++) sets[i] = docs.of(texts.get(i));
      long lookups = System.nanoTime() - start;
      long[] bucketNanos = new long[5];
      long[] bucketCount = new long[5];
      long checksum = 0;
      for (int[] p : pairIds) {
        long t = System.nanoTime();
        checksum += DocumentSets.intersect(sets[p[0]], sets[p[1]]).documents();
        int b = bucket(Math.min(sets[p[0]].size(), sets[p[1]].size()));
        bucketNanos[b] += System.nanoTime() - t;
        bucketCount[b]++;
      }
      long batched = System.nanoTime() - start;

      // Per pair through the index: every spelling combination is its own query.
      int naivePairs = Math.min(pairs, 2000);
      long t0 = System.nanoTime();
      long naiveChecksum = 0;
      for (int i = 0; i < naivePairs; i++) {
        for (int[] a : docs.variants(texts.get(pairIds[i][0]))) {
          for (int[] b : docs.variants(texts.get(pairIds[i][1]))) {
            naiveChecksum += Cooccurrence.documents(index, a, b).documents();
          }
        }
      }
      long naive = System.nanoTime() - t0;

      double batchedRate = pairs / (batched / 1e9);
      double naiveRate = naivePairs / (naive / 1e9);
      out.printf(
          "%,d word n-grams (1-3 words from Europarl), %,d random pairs, %,d documents in the"
              + " index%n",
          texts.size(), pairs, index.documentCount());
      out.printf(
          "batched (trace):      %,12.0f pairs/s  (n-gram lookups %.2f s, total %.2f s,"
              + " checksum %d)%n",
          batchedRate, lookups / 1e9, batched / 1e9, checksum);
      out.printf(
          "per-pair index query: %,12.0f pairs/s  (%,d pairs, 4 spelling queries each,"
              + " checksum %d)%n",
          naiveRate, naivePairs, naiveChecksum);
      out.printf("ratio batched / per-pair: %.1fx%n", batchedRate / naiveRate);
      out.println("intersections by documents of the rarer n-gram:");
      String[] labels = {"0", "1-9", "10-99", "100-999", ">=1000"};
      for (int b = 0; b < 5; b++) {
        if (bucketCount[b] == 0) continue;
        out.printf(
            "  %-8s %,9d pairs  %,14.0f intersections/s%n",
            labels[b], bucketCount[b], bucketCount[b] / (bucketNanos[b] / 1e9));
      }
    }
    return 0;
  }

  private static int bucket(int documents) {
    if (documents == 0) return 0;
    if (documents < 10) return 1;
    if (documents < 100) return 2;
    return documents < 1000 ? 3 : 4;
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
