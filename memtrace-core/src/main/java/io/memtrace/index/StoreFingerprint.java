package io.memtrace.index;

import io.memtrace.tokens.TokenStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A cheap identity of a store's content, so an index refuses a store it was not built from: the
 * counts, the bounds of 1024 evenly spaced documents and 16 tokens at each of 1024 evenly spaced
 * positions, hashed with SHA-256. Reads a few thousand places, not the whole store; moving or
 * copying the store keeps its fingerprint.
 */
final class StoreFingerprint {
  private static final int SAMPLES = 1024;
  private static final int RUN = 16;

  private StoreFingerprint() {}

  static String of(TokenStore store) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    long documents = store.documentCount();
    long tokens = store.tokenCount();
    ByteBuffer b = ByteBuffer.allocate(8 * (2 + 2 * SAMPLES) + 4 * SAMPLES * RUN);
    b.putLong(documents).putLong(tokens);
    for (int i = 0; i < SAMPLES && documents > 0; i++) {
      long d = sample(i, documents);
      b.putLong(store.documentStart(d)).putLong(store.documentEnd(d));
    }
    int[] run = new int[RUN];
    for (int i = 0; i < SAMPLES && tokens >= RUN; i++) {
      store.read(sample(i, tokens - RUN + 1), run, 0, RUN);
      for (int t : run) b.putInt(t);
    }
    sha.update(b.flip());
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  /** The i-th of SAMPLES evenly spaced points of [0, n), without overflow for any long n. */
  private static long sample(int i, long n) {
    return (long) ((double) i / SAMPLES * n);
  }
}
