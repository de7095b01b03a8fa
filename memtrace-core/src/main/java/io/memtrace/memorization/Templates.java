package io.memtrace.memorization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The template heuristics of Prashanth et al. 2024 ("recite, reconstruct, recollect") as their
 * released code (EleutherAI/semantic-memorization, filters {@code highly_repetitive} and {@code
 * pattern_incrementing}) decides them, on the whole memorized sequence: <em>repeating</em> on its
 * token ids, <em>incrementing</em> on its text.
 */
public final class Templates {
  private Templates() {}

  /** Tokens the released code lets trail a repetition. */
  private static final int TRAILING = 2;

  /**
   * Whether the sequence, after a prefix of fewer than half its tokens and before at most two
   * trailing ones, repeats a chunk: a chunk of c tokens seen k times (k from 2 to 5) and then in
   * part, c > m / (k + 1) for the m tokens tested. As the released code's {@code
   * break_and_compare_wrapper(tokens, 2, 5)} finding a chunk; a segment qualifies exactly when it
   * has a period of at most half its length (some multiple of the period is such a chunk).
   */
  public static boolean repeating(int[] tokens) {
    int n = tokens.length;
    for (int from = 0; from < Math.max(1, n / 2); from++) {
      for (int trim = 0; trim <= TRAILING; trim++) {
        if (n - trim - from < 2) continue;
        if (periodic(tokens, from, n - trim)) return true;
      }
    }
    return false;
  }

  /** Whether {@code t[from, to)} has a period of at most half its length. */
  private static boolean periodic(int[] t, int from, int to) {
    int m = to - from;
    for (int p = 1; 2 * p <= m; p++) {
      // Some multiple of p lies in (m / 6, m / 2]: the chunk the released code finds.
      boolean ok = true;
      for (int i = from + p; i < to && ok; i++) ok = t[i] == t[i - p];
      if (ok) return true;
    }
    return false;
  }

  /**
   * Whether the text lists numbers that increase or decrease in a pattern, as the released code's
   * {@code incrementing_sequences_filter}: at least 5% of the characters are digits; the numbers
   * (decimals where a dot sits between digits) are read in order, or the digits one by one when no
   * separator splits them; runs that restart from the same value ({@code 1 2 3 1 2}) count; values
   * that recur at a fixed interval to the end are set aside; what is left must rise throughout, or
   * split into equally long rising (or falling) runs whose k-th items all rise or all fall from run
   * to run. ASCII digits only (the released code fails on other digits).
   */
  public static boolean incrementing(String text) {
    if (text.isEmpty()) return false;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) if (ascii(text.charAt(i))) digits++;
    if (digits < 0.05 * text.length()) return false;
    List<Double> ls = numbers(text);
    if (ls.size() < 2) return false;
    if (restartingRuns(ls)) return true;
    if (ls.size() < 6) return false;
    ls = withoutRecurring(ls);
    if (ls.size() > 1 && strictlyRising(ls)) return true;
    return chunked(runs(ls, true), runs(ls, false));
  }

  private static boolean ascii(char c) {
    return c >= '0' && c <= '9';
  }

  /** The numbers of the text; its characters one by one when nothing separates them. */
  private static List<Double> numbers(String text) {
    String cleaned = numericWithSpaces(text);
    List<Double> out = new ArrayList<>();
    if (cleaned.indexOf(' ') >= 0) {
      for (String s : cleaned.strip().split(" ")) if (!s.isEmpty()) out.add(Double.parseDouble(s));
    } else {
      // Compared as one-character strings: a digit's order is its character's.
      for (int i = 0; i < cleaned.length(); i++) out.add((double) cleaned.charAt(i));
    }
    return out;
  }

  /** Digits, and dots between digits; the rest spaces; dots dropped if a number holds two. */
  private static String numericWithSpaces(String text) {
    StringBuilder b = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean dot =
          c == '.' && i > 0 && i < n - 1 && ascii(text.charAt(i - 1)) && ascii(text.charAt(i + 1));
      b.append(ascii(c) || dot ? c : ' ');
    }
    boolean seen = false;
    boolean valid = true;
    for (int i = 0; i < b.length() && valid; i++) {
      char c = b.charAt(i);
      if (c == ' ') seen = false;
      else if (c == '.') {
        valid = !seen;
        seen = true;
      }
    }
    String cleaned = valid ? b.toString() : text.replaceAll("[^0-9]", " ");
    return cleaned.replaceAll("\\s+", " ");
  }

  /**
   * Rising runs (min, max, length) as the released code tracks them: when every run of two or more
   * starts at the same value and the last ends no higher than the first ({@code A.1 A.2 A.3 B.1
   * B.2}), the sequence counts.
   */
  private static boolean restartingRuns(List<Double> ls) {
    Map<Integer, double[]> runs = new HashMap<>();
    int run = 0;
    runs.put(0, new double[] {ls.get(0), ls.get(1), 2});
    for (int p = 1; p < ls.size() - 1; p++) {
      double[] r = runs.get(run);
      if (ls.get(p) < ls.get(p + 1)) {
        runs.put(
            run, new double[] {Math.min(r[0], ls.get(p)), Math.max(r[1], ls.get(p + 1)), r[2] + 1});
      } else {
        run++;
        double next = p + 2 < ls.size() ? ls.get(p + 2) : ls.get(p + 1);
        runs.put(run, new double[] {ls.get(p + 1), next, 1});
      }
    }
    runs.values().removeIf(r -> r[2] <= 1);
    int size = runs.size();
    for (int i = 0; i < size - 1; i++) if (!runs.containsKey(i + 1)) return false;
    for (int i = 0; i < size - 1; i++) {
      double[] a = runs.get(i);
      double[] b = runs.get(i + 1);
      // The released code stops with an error where run 0 was dropped: no template then.
      if (a == null || a[0] != b[0]) break;
      if (i == size - 2 && a[1] <= runs.get(0)[1]) return true;
    }
    return false;
  }

  /** Without the values that recur at a fixed interval from their first place to the end. */
  private static List<Double> withoutRecurring(List<Double> ls) {
    int n = ls.size();
    boolean[] drop = new boolean[n];
    for (int i = 0; i < n - 1; i++) {
      for (int k = 1; k < n; k++) {
        int seen = 0;
        boolean broken = false;
        for (int j = i; j < n; j += k) {
          seen++;
          if (!ls.get(i).equals(ls.get(j))) {
            broken = true;
            break;
          }
        }
        if (!broken && seen > 1) for (int j = i; j < n; j += k) drop[j] = true;
      }
    }
    List<Double> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) if (!drop[i]) kept.add(ls.get(i));
    return kept;
  }

  private static boolean strictlyRising(List<Double> ls) {
    for (int i = 0; i < ls.size() - 1; i++) if (ls.get(i) >= ls.get(i + 1)) return false;
    return true;
  }

  /** The rising (or falling) runs, each closed where the next value breaks it. */
  private static List<List<Double>> runs(List<Double> ls, boolean rising) {
    List<List<Double>> out = new ArrayList<>();
    List<Double> run = new ArrayList<>();
    for (int i = 0; i < ls.size() - 1; i++) {
      run.add(ls.get(i));
      boolean continues = rising ? ls.get(i) <= ls.get(i + 1) : ls.get(i) >= ls.get(i + 1);
      if (!continues) {
        out.add(run);
        run = new ArrayList<>();
      }
    }
    if (ls.size() > 1) {
      run.add(ls.getLast());
      out.add(run);
    }
    return out;
  }

  /**
   * Runs of one length (a first and a last of another length set aside) whose k-th items move the
   * same way from run to run, for every k.
   */
  private static boolean chunked(List<List<Double>> rising, List<List<Double>> falling) {
    trimEnds(rising);
    trimEnds(falling);
    for (List<Double> r : rising) if (r.size() != rising.getFirst().size()) return false;
    for (List<Double> r : falling) if (r.size() != falling.getFirst().size()) return false;
    boolean[][] risingMoves = moves(rising);
    boolean[][] fallingMoves = moves(falling);
    int width = 0;
    for (boolean[][] m : new boolean[][][] {risingMoves, fallingMoves}) {
      width = Math.max(width, Math.max(m[0].length, m[1].length));
    }
    boolean all = true;
    for (int k = 0; k < width; k++) {
      boolean any =
          at(risingMoves[0], k)
              || at(risingMoves[1], k)
              || at(fallingMoves[0], k)
              || at(fallingMoves[1], k);
      all &= any;
    }
    return width >= 1 && all;
  }

  private static boolean at(boolean[] flags, int k) {
    return k < flags.length && flags[k];
  }

  private static void trimEnds(List<List<Double>> runs) {
    if (runs.size() >= 2 && runs.get(0).size() != runs.get(1).size()) runs.removeFirst();
    if (runs.size() >= 2 && runs.getLast().size() != runs.get(runs.size() - 2).size()) {
      runs.removeLast();
    }
  }

  /**
   * Per item position of equally long runs: whether it never falls (index 0) and never rises (index
   * 1) from one run to the next; an item that has done both skips the rest of its run, as the
   * released code's loop breaks there. Empty for a single run.
   */
  private static boolean[][] moves(List<List<Double>> runs) {
    if (runs.size() <= 1) return new boolean[][] {new boolean[0], new boolean[0]};
    int w = runs.getFirst().size();
    boolean[] up = new boolean[w];
    boolean[] down = new boolean[w];
    java.util.Arrays.fill(up, true);
    java.util.Arrays.fill(down, true);
    for (int i = 0; i < runs.size() - 1; i++) {
      for (int j = 0; j < runs.get(i).size(); j++) {
        double a = runs.get(i).get(j);
        double b = runs.get(i + 1).get(j);
        if (a < b) {
          down[j] = false;
          if (!up[j]) break;
        }
        if (a > b) {
          up[j] = false;
          if (!down[j]) break;
        }
      }
    }
    return new boolean[][] {up, down};
  }
}
