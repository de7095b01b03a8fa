package io.memtrace.index.sais;

import java.util.Arrays;
import java.util.Random;

/** Seeded texts that reach the corners of SA-IS: tiny, random, highly repetitive, deep. */
final class Texts {
  private final Random random;

  Texts(long seed) {
    random = new Random(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform symbols below {@code k}. */
  int[] uniform(int n, int k) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = random.nextInt(k);
    }
    return t;
  }

  /** Roughly Zipf-distributed symbols below {@code k}, like token ids of natural text. */
  int[] zipf(int n, int k) {
    int[] t = new int[n];
    double logK = Math.log(k);
    for (int i = 0; i < n; i++) {
      t[i] = Math.min(k - 1, (int) Math.exp(random.nextDouble() * logK) - 1);
    }
    return t;
  }

  /** One symbol repeated. */
  static int[] constant(int n, int symbol) {
    int[] t = new int[n];
    Arrays.fill(t, symbol);
    return t;
  }

  /** A random word of length {@code period} repeated, the last copy cut. */
  int[] periodic(int n, int period, int k) {
    int[] word = uniform(period, k);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = word[i % period];
    }
    return t;
  }

  /** Random text in which spans of up to {@code maxCopy} symbols copy earlier spans. */
  int[] withCopies(int n, int k, int maxCopy) {
    int[] t = zipf(n, k);
    for (int copied = 0; copied < n / 3 && n > 2; ) {
      int len = 1 + random.nextInt(Math.min(maxCopy, n / 2));
      int dst = random.nextInt(n - len + 1);
      int src = random.nextInt(n - len + 1);
      System.arraycopy(t, src, t, dst, len);
      copied += len;
    }
    return t;
  }

  /** The Fibonacci word over {a, b}: the deepest recursion for its length. */
  static int[] fibonacci(int n, int a, int b) {
    int[] t = new int[n];
    // The n-th symbol is b exactly when floor((i + 2) / phi) - floor((i + 1) / phi) is 0.
    double phi = (1 + Math.sqrt(5)) / 2;
    for (int i = 0; i < n; i++) {
      t[i] = (long) Math.floor((i + 2) / phi) - (long) Math.floor((i + 1) / phi) == 1 ? a : b;
    }
    return t;
  }

  /** Documents of random tokens in {@code [1, k)}, each followed by the separator 0. */
  int[] documents(int n, int k, int meanLength) {
    int[] t = zipf(n, k);
    for (int i = 0; i < n; i++) {
      t[i] = 1 + t[i] % (k - 1);
    }
    for (int i = random.nextInt(2 * meanLength); i < n; i += 1 + random.nextInt(2 * meanLength)) {
      t[i] = 0;
    }
    t[n - 1] = 0;
    return t;
  }

  /**
   * LMS positions as dense as they go (every second symbol: a high symbol, then a low one) with
   * distinct LMS substrings crowding the text: random pairs, every second pair repeated once later
   * ({@code repeatAll}: all of them), so that the reduced text is nearly as long and as varied as
   * it can be, the recursion's worst case for memory.
   */
  int[] crowdedLms(int n, int k, boolean repeatAll) {
    int[] t = new int[n];
    int half = Math.max(1, k / 2);
    int pairs = n / 2;
    int[] low = new int[pairs];
    int[] high = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      low[i] = random.nextInt(half);
      high[i] = Math.min(k - 1, half + random.nextInt(Math.max(1, k - half)));
    }
    // The second half copies the pairs of the first that are to repeat, in order.
    for (int i = 0, j = (pairs + 1) / 2; j < pairs; i++) {
      if (repeatAll || i % 2 == 0) {
        low[j] = low[i];
        high[j++] = high[i];
      }
    }
    for (int i = 0; i < pairs; i++) {
      t[2 * i] = high[i];
      t[2 * i + 1] = low[i];
    }
    if (n % 2 == 1) {
      t[n - 1] = random.nextInt(k);
    }
    return t;
  }

  /** The same symbols, 16-bit. */
  static char[] chars(int[] t) {
    char[] c = new char[t.length];
    for (int i = 0; i < t.length; i++) {
      c[i] = (char) t[i];
    }
    return c;
  }
}
