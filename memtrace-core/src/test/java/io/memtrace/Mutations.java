package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Seeded byte-level mutations of a valid input, and a runner that feeds them to a parser.
 *
 * <p>Each mutated input must give either a correct answer (the target's own checks pass) or a
 * {@link BadInputException} whose message names the file; any other exception, an {@link Error}
 * such as {@link OutOfMemoryError}, or a run longer than {@link #WATCHDOG} fails the test with the
 * seed that made the input, so {@link #mutate(byte[], long)} (or the {@link Mutator} the run was
 * given) can turn it into a regular test case.
 *
 * <p>Byte-level mutations: flipped bits, boundary bytes, random ranges, deleted, inserted and
 * duplicated ranges, truncation, splices, little-endian fields and numbers in text set to extreme
 * values; one to four of them per input.
 *
 * <p>A parser gets {@link #DEFAULT_CASES} inputs, a few seconds of CI; {@code -Dmemtrace.fuzz=N}
 * runs N instead.
 */
public final class Mutations {
  /** Inputs per parser when {@code memtrace.fuzz} is not set. */
  public static final int DEFAULT_CASES = 2_000;

  /** The longest one input may take before it counts as a hang. */
  public static final Duration WATCHDOG = Duration.ofSeconds(10);

  private Mutations() {}

  /** What a fuzzed parser does with one input: parse it and check the answer. */
  @FunctionalInterface
  public interface Target {
    /**
     * Parses {@code input}; returns normally when the answer is correct, throws {@link
     * BadInputException} for a clean refusal.
     */
    void parse(byte[] input) throws Exception;
  }

  /** The number of inputs to try: {@code -Dmemtrace.fuzz=N}, else {@link #DEFAULT_CASES}. */
  public static int cases() {
    return Integer.getInteger("memtrace.fuzz", DEFAULT_CASES);
  }

  /** The input that case {@code seed} makes from {@code valid}; deterministic. */
  public static byte[] mutate(byte[] valid, long seed) {
    Random random = new Random(seed);
    byte[] out = valid;
    int rounds = 1 + random.nextInt(random.nextInt(4) + 1);
    for (int r = 0; r < rounds; r++) {
      out = mutateOnce(out, random);
    }
    return out;
  }

  private static byte[] mutateOnce(byte[] in, Random random) {
    int n = in.length;
    if (n == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(n);
    int len = 1 + random.nextInt(Math.min(n - at, 1 + random.nextInt(16)));
    return switch (random.nextInt(10)) {
      case 0 -> { // flip one bit
        byte[] b = in.clone();
        b[at] ^= (byte) (1 << random.nextInt(8));
        yield b;
      }
      case 1 -> { // set one byte to a boundary value
        byte[] b = in.clone();
        byte[] interesting = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, '"', '{', '[', '-'};
        b[at] = interesting[random.nextInt(interesting.length)];
        yield b;
      }
      case 2 -> { // random bytes over a range
        byte[] b = in.clone();
        for (int i = at; i < at + len; i++) {
          b[i] = (byte) random.nextInt(256);
        }
        yield b;
      }
      case 3 -> concat(slice(in, 0, at), slice(in, at + len, n)); // delete a range
      case 4 -> { // insert random bytes
        byte[] ins = new byte[len];
        random.nextBytes(ins);
        yield concat(slice(in, 0, at), ins, slice(in, at, n));
      }
      case 5 -> concat(slice(in, 0, at + len), slice(in, at, n)); // duplicate a range
      case 6 -> slice(in, 0, at); // truncate
      case 7 -> { // splice: a range copied over another place
        int from = random.nextInt(n);
        int l = Math.min(len, n - from);
        byte[] b = in.clone();
        System.arraycopy(in, from, b, at, Math.min(l, n - at));
        yield b;
      }
      case 8 -> replaceNumber(in, at, random); // a number in text set to an extreme value
      default -> { // a little-endian 4 or 8 byte field set to an extreme value
        byte[] b = in.clone();
        long[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
        long v = extremes[random.nextInt(extremes.length)];
        for (int i = 0; i < 8 && at + i < n; i++) {
          b[at + i] = (byte) (v >>> (8 * i));
        }
        yield b;
      }
    };
  }

  private static final String[] NUMBERS = {
    "0",
    "-1",
    "-7",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "1e309",
    "-0.0",
    "0.5",
    "1e-400"
  };

  /** The digits nearest {@code at}, replaced by one of {@link #NUMBERS}; the input if none. */
  private static byte[] replaceNumber(byte[] in, int at, Random random) {
    int start = at;
    while (start < in.length && !isDigit(in[start])) start++;
    if (start == in.length) return in;
    int end = start;
    while (end < in.length && isDigit(in[end])) end++;
    byte[] number = NUMBERS[random.nextInt(NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
    return concat(slice(in, 0, start), number, slice(in, end, in.length));
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Makes the input of case {@code seed} from a valid one, deterministically. */
  @FunctionalInterface
  public interface Mutator {
    byte[] mutate(byte[] valid, long seed);
  }

  /**
   * Feeds {@code cases} byte-level mutations of {@code valid}, seeds {@code seed} to {@code seed +
   * cases - 1}, to {@code target}; a refusal must be a {@link BadInputException} whose message
   * contains {@code fileName}.
   *
   * @return the number of inputs the target accepted
   */
  public static int run(byte[] valid, long seed, int cases, String fileName, Target target) {
    return run(Mutations::mutate, valid, seed, cases, fileName, target);
  }

  /**
   * {@link #run(byte[], long, int, String, Target)} with the inputs {@code mutator} makes, such as
   * {@link JsonMutations#mutate}.
   */
  public static int run(
      Mutator mutator, byte[] valid, long seed, int cases, String fileName, Target target) {
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r));
    int accepted = 0;
    try {
      for (long s = seed; s < seed + cases; s++) {
        byte[] input = mutator.mutate(valid, s);
        Future<Void> result =
            worker.submit(
                () -> {
                  target.parse(input);
                  return null;
                });
        try {
          result.get(WATCHDOG.toMillis(), TimeUnit.MILLISECONDS);
          accepted++;
        } catch (TimeoutException e) {
          result.cancel(true);
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor(r -> daemon(r));
          fail("seed " + s + ": no answer within " + WATCHDOG + describe(input));
        } catch (ExecutionException e) {
          Throwable t = e.getCause();
          if (t instanceof AssertionError a) {
            throw new AssertionError("seed " + s + ": wrong answer: " + a.getMessage(), a);
          }
          if (!(t instanceof BadInputException)) {
            throw new AssertionError(
                "seed " + s + ": " + t.getClass().getName() + " escaped" + describe(input), t);
          }
          assertThat(t.getMessage())
              .as("seed " + s + ": the message names the file")
              .contains(fileName);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    } finally {
      worker.shutdownNow();
    }
    return accepted;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "fuzz-target");
    t.setDaemon(true);
    return t;
  }

  private static String describe(byte[] input) {
    byte[] head = Arrays.copyOf(input, Math.min(input.length, 64));
    return " (" + input.length + " bytes, starting " + HexFormat.of().formatHex(head) + ")";
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, Math.max(from, to));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
