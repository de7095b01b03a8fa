package io.memtrace.corpus;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.Progress;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Tokenizes a corpus into a token store: one sequence per document, optionally followed by the
 * tokenizer's EOS token (Megatron's {@code --append-eod}). A reader thread decompresses and parses
 * while the caller's thread encodes batches (the tokenizer spreads a batch over all cores) and
 * writes them, in document order. The store and its {@link StoreMetadata} appear only when
 * everything succeeded.
 */
public final class CorpusIngest {
  /** Documents are handed to the tokenizer in batches of about this many characters. */
  private static final int BATCH_CHARS = 1 << 20;

  private static final int BATCH_DOCUMENTS = 1024;
  private static final List<String> END = List.of();

  /** What an ingest produced. */
  public record Result(long documents, long tokens, long nanos) {
    public double tokensPerSecond() {
      return tokens / (nanos / 1e9);
    }
  }

  private CorpusIngest() {}

  public static Result run(
      DocumentSource source, Tokenizer tokenizer, Path prefix, boolean appendEos, Progress progress)
      throws IOException {
    int eos = -1;
    if (appendEos) {
      eos =
          tokenizer
              .eosId()
              .orElseThrow(
                  () ->
                      BadInputException.in(
                          tokenizer.path(), "has no EOS token to append between documents"));
    }
    long start = System.nanoTime();
    BlockingQueue<List<String>> batches = new ArrayBlockingQueue<>(4);
    var reader = new BatchReader(source, batches, progress);
    Thread thread = Thread.ofPlatform().name("memtrace-ingest-reader").daemon().start(reader);
    try (TokenStoreWriter writer = TokenStoreWriter.create(prefix, tokenizer.vocabSize())) {
      for (List<String> batch = take(batches); batch != END; batch = take(batches)) {
        for (int[] ids : tokenizer.encodeBatch(batch)) {
          writer.add(eos >= 0 ? append(ids, eos) : ids);
        }
      }
      reader.rethrow();
      if (writer.documents() == 0) {
        throw new BadInputException(source.name() + ": the corpus holds no documents");
      }
      commit(writer, prefix, metadata(source, tokenizer, eos, writer));
      return new Result(writer.documents(), writer.tokens(), System.nanoTime() - start);
    } finally {
      thread.interrupt();
    }
  }

  /**
   * Concatenates stores this class wrote from consecutive parts of {@code source} (a Spark task per
   * part) into the store at {@code prefix}, document by document, with the metadata a single {@link
   * #run} over {@code source} records: the same files, byte for byte.
   *
   * @param parts the parts' prefixes, in the order of {@code source}'s documents
   */
  public static Result concatenate(
      List<Path> parts, DocumentSource source, Tokenizer tokenizer, boolean appendEos, Path prefix)
      throws IOException {
    long start = System.nanoTime();
    int eos = appendEos ? tokenizer.eosId().orElse(-1) : -1;
    try (TokenStoreWriter writer = TokenStoreWriter.create(prefix, tokenizer.vocabSize())) {
      for (Path part : parts) {
        try (TokenStore store = TokenStore.open(part)) {
          for (long d = 0; d < store.documentCount(); d++) writer.add(store.document(d));
        }
      }
      if (writer.documents() == 0) {
        throw new BadInputException(source.name() + ": the corpus holds no documents");
      }
      commit(writer, prefix, metadata(source, tokenizer, eos, writer));
      return new Result(writer.documents(), writer.tokens(), System.nanoTime() - start);
    }
  }

  private static StoreMetadata metadata(
      DocumentSource source, Tokenizer tokenizer, int eos, TokenStoreWriter writer) {
    return new StoreMetadata(
        StoreMetadata.FORMAT,
        StoreMetadata.VERSION,
        tokenizer.path().toAbsolutePath().toString(),
        tokenizer.sha256(),
        tokenizer.vocabSize(),
        eos >= 0 ? eos : tokenizer.eosId().isPresent() ? tokenizer.eosId().getAsInt() : null,
        eos >= 0,
        List.of(source.name()),
        writer.documents(),
        writer.tokens());
  }

  private static void commit(TokenStoreWriter writer, Path prefix, StoreMetadata metadata)
      throws IOException {
    // Old metadata must not describe the new store, even if we die between the two renames.
    Files.deleteIfExists(OutputPaths.followLinks(StoreMetadata.fileOf(prefix)));
    writer.commit();
    metadata.write(prefix);
  }

  private static int[] append(int[] ids, int eos) {
    int[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = eos;
    return out;
  }

  private static List<String> take(BlockingQueue<List<String>> queue) throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("ingest interrupted");
    }
  }

  /** Reads documents into batches; its failure is rethrown on the writing thread. */
  private static final class BatchReader implements Runnable {
    private final DocumentSource source;
    private final BlockingQueue<List<String>> out;
    private final Progress progress;
    private volatile IOException failure;
    private volatile RuntimeException bug;

    BatchReader(DocumentSource source, BlockingQueue<List<String>> out, Progress progress) {
      this.source = source;
      this.out = out;
      this.progress = progress;
    }

    @Override
    public void run() {
      try {
        List<String> batch = new ArrayList<>();
        long[] chars = {0};
        source.read(
            doc -> {
              batch.add(doc.text());
              chars[0] += doc.text().length();
              if (batch.size() >= BATCH_DOCUMENTS || chars[0] >= BATCH_CHARS) {
                put(List.copyOf(batch));
                batch.clear();
                chars[0] = 0;
              }
              return true;
            },
            progress);
        if (!batch.isEmpty()) put(List.copyOf(batch));
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        bug = e;
      } finally {
        try {
          out.put(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void put(List<String> batch) throws IOException {
      try {
        out.put(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("reader interrupted");
      }
    }

    void rethrow() throws IOException {
      if (failure != null) throw failure;
      if (bug != null) throw bug;
    }
  }
}
