package io.memtrace.model.suite;

import io.memtrace.BadInputException;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training rows of a suite, in training order, as a token store with one sequence per row: row
 * {@code s · batch + i} is the i-th row of step s. The corpus's token stream (documents with their
 * EOS) is cut into consecutive rows of {@code rowLength} tokens, which are shuffled by the preset's
 * seed; the first rows of the shuffle fill the training order, and the next ones are held out as
 * the planted passages, each repeated at its count at seeded positions; the next {@code
 * heldOutRows} go to a store of their own, rows of the same corpus no model trains on. Rows the
 * steps do not reach are not written: a suite trains for less than one epoch, so every row is seen
 * once except the planted ones.
 */
public final class SuiteRows {
  private SuiteRows() {}

  /**
   * Writes {@code prefix.{bin,idx,meta.json}} and the held-out rows {@code heldOut.{bin,idx,
   * meta.json}}; returns the manifest of planted passages.
   */
  public static DuplicateManifest build(
      TokenStore corpus,
      StoreMetadata corpusMeta,
      int vocab,
      SuitePreset preset,
      Path prefix,
      Path heldOut)
      throws IOException {
    check(corpus, preset);
    int length = preset.rowLength();
    long chunks = corpus.tokenCount() / length;
    long total = preset.trainingRows();
    long planted = preset.plantedRows();
    long base = total - planted;
    int[] order = shuffled((int) chunks, new SplittableRandom(preset.seed()));
    // Planted copies go to seeded distinct positions of the training order.
    int[] slots = shuffled((int) total, new SplittableRandom(preset.seed() + 1));
    int[] rowChunk = new int[(int) total];
    Arrays.fill(rowChunk, -1);
    List<DuplicateManifest.Passage> manifest = new ArrayList<>();
    int next = 0;
    int id = 0;
    for (int count : preset.duplicateCounts()) {
      for (int k = 0; k < preset.passagesPerCount(); k++, id++) {
        int chunk = order[(int) base + id];
        long[] rows = new long[count];
        for (int c = 0; c < count; c++) {
          int row = slots[next++];
          rowChunk[row] = chunk;
          rows[c] = row;
        }
        Arrays.sort(rows);
        int[] tokens = new int[length];
        corpus.read((long) chunk * length, tokens, 0, length);
        manifest.add(new DuplicateManifest.Passage(id, count, tokens, rows));
      }
    }
    int fill = 0;
    for (int r = 0; r < total; r++) if (rowChunk[r] < 0) rowChunk[r] = order[fill++];

    write(corpus, corpusMeta, vocab, length, rowChunk, prefix, "training rows of ");
    int[] held = Arrays.copyOfRange(order, (int) base + id, (int) base + id + preset.heldOutRows());
    write(corpus, corpusMeta, vocab, length, held, heldOut, "held-out rows of ");
    return new DuplicateManifest(
        DuplicateManifest.FORMAT, DuplicateManifest.VERSION, length, manifest);
  }

  /** The chunks {@code chunks} of the corpus as a store of rows. */
  private static void write(
      TokenStore corpus,
      StoreMetadata corpusMeta,
      int vocab,
      int length,
      int[] chunks,
      Path prefix,
      String what)
      throws IOException {
    int[] row = new int[length];
    try (TokenStoreWriter out = TokenStoreWriter.create(prefix, vocab)) {
      for (int chunk : chunks) {
        corpus.read((long) chunk * length, row, 0, length);
        out.add(row);
      }
      out.commit();
    }
    new StoreMetadata(
            StoreMetadata.FORMAT,
            StoreMetadata.VERSION,
            corpusMeta == null ? null : corpusMeta.tokenizer(),
            corpusMeta == null ? null : corpusMeta.tokenizerSha256(),
            vocab,
            corpusMeta == null ? null : corpusMeta.eosId(),
            false,
            List.of(what + corpus),
            chunks.length,
            (long) chunks.length * length)
        .write(prefix);
  }

  /**
   * Fails unless the corpus has enough rows for the preset's steps, planted passages and held-out
   * rows.
   */
  public static void check(TokenStore corpus, SuitePreset preset) throws BadInputException {
    int length = preset.rowLength();
    long chunks = corpus.tokenCount() / length;
    long planted = preset.plantedRows();
    int passages = preset.passagesPerCount() * preset.duplicateCounts().size();
    long base = preset.trainingRows() - planted;
    if (base < 0) {
      throw new BadInputException(
          "preset "
              + preset.name()
              + ": "
              + planted
              + " planted rows exceed the "
              + preset.trainingRows()
              + " training rows");
    }
    if (chunks < base + passages + preset.heldOutRows()) {
      throw new BadInputException(
          String.format(
              "%s: %,d tokens make %,d rows of %d tokens; preset %s needs %,d (%d steps x %d rows"
                  + " - %d planted + %d planted passages + %d held-out rows)",
              corpus,
              corpus.tokenCount(),
              chunks,
              length,
              preset.name(),
              base + passages + preset.heldOutRows(),
              preset.steps(),
              preset.batch(),
              planted,
              passages,
              preset.heldOutRows()));
    }
  }

  /** A seeded Fisher–Yates permutation of {@code 0..n-1}. */
  static int[] shuffled(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
