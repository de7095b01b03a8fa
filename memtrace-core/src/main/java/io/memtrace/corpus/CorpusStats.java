package io.memtrace.corpus;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Size and token usage of a token store: documents, sequences, tokens, document lengths, how many
 * distinct ids occur and the most frequent ones. One parallel pass over the tokens (each thread
 * counts chunks into its own histogram), one pass over the document index.
 */
public record CorpusStats(
    long documents,
    long sequences,
    long tokens,
    long minDocumentTokens,
    double meanDocumentTokens,
    long maxDocumentTokens,
    int distinctTokens,
    int maxTokenId,
    List<TokenCount> top) {

  /** How often one token id occurs. */
  public record TokenCount(int id, long count) {}

  private static final int CHUNK = 1 << 20;

  public CorpusStats {
    top = List.copyOf(top);
  }

  /** Computes the statistics; reports tokens counted to {@code progress}. */
  public static CorpusStats compute(TokenStore store, int topK, int threads, Progress progress)
      throws IOException {
    long[] counts = histogram(store, threads, progress);
    long minDoc = Long.MAX_VALUE, maxDoc = 0;
    for (long d = 0; d < store.documentCount(); d++) {
      long n = store.documentEnd(d) - store.documentStart(d);
      minDoc = Math.min(minDoc, n);
      maxDoc = Math.max(maxDoc, n);
    }
    long docs = store.documentCount();
    int distinct = 0, maxId = -1;
    for (int id = 0; id < counts.length; id++) {
      if (counts[id] > 0) {
        distinct++;
        maxId = id;
      }
    }
    List<TokenCount> top =
        IntStream.range(0, counts.length)
            .filter(id -> counts[id] > 0)
            .mapToObj(id -> new TokenCount(id, counts[id]))
            .sorted(
                Comparator.comparingLong(TokenCount::count)
                    .reversed()
                    .thenComparingInt(TokenCount::id))
            .limit(topK)
            .toList();
    return new CorpusStats(
        docs,
        store.sequenceCount(),
        store.tokenCount(),
        docs == 0 ? 0 : minDoc,
        docs == 0 ? 0 : (double) store.tokenCount() / docs,
        maxDoc,
        distinct,
        maxId,
        top);
  }

  private static long[] histogram(TokenStore store, int threads, Progress progress)
      throws IOException {
    AtomicLong next = new AtomicLong();
    long total = store.tokenCount();
    List<Future<long[]>> parts = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        parts.add(
            pool.submit(
                () -> {
                  long[] counts = new long[1 << 16];
                  int[] buf = new int[CHUNK];
                  for (long from = next.getAndAdd(CHUNK);
                      from < total;
                      from = next.getAndAdd(CHUNK)) {
                    int len = (int) Math.min(CHUNK, total - from);
                    store.read(from, buf, 0, len);
                    for (int i = 0; i < len; i++) {
                      int id = buf[i];
                      if (id < 0) {
                        throw new BadInputException(
                            store + ": negative token id " + id + " at position " + (from + i));
                      }
                      if (id >= counts.length)
                        counts = Arrays.copyOf(counts, Math.max(id + 1, counts.length * 2));
                      counts[id]++;
                    }
                    progress.advance(len);
                  }
                  return counts;
                }));
      }
      long[] sum = new long[0];
      for (Future<long[]> part : parts) {
        long[] c = part.get();
        if (c.length > sum.length) sum = Arrays.copyOf(sum, c.length);
        for (int i = 0; i < c.length; i++) sum[i] += c[i];
      }
      return sum;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("statistics interrupted");
    }
  }
}
