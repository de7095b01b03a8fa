package io.memtrace.memorization;

/**
 * The template heuristics of Prashanth et al. 2024 ("recite, reconstruct, recollect"), on token
 * ids: a sequence is <em>repeating</em> when it is a shorter pattern repeated (period p at most
 * half its length: token i equals token i - p), <em>incrementing</em> when each token differs from
 * the one p before by a step that depends only on the position within the period and is not zero
 * everywhere (a counter such as {@code 7, 8, 9} or {@code a, x, a+2, x, a+4, x}), the period seen
 * at least three times so that each step is seen twice. The paper applies them to text; on token
 * ids an incrementing template is found where the incremented items are consecutive ids, as single
 * digits and letters usually are.
 */
public final class Templates {
  private Templates() {}

  /** Whether {@code tokens} repeat a pattern of at most half their length. */
  public static boolean repeating(int[] tokens) {
    for (int p = 1; 2 * p <= tokens.length; p++) if (steps(tokens, p) == Steps.ZERO) return true;
    return false;
  }

  /** Whether {@code tokens} follow a period whose items advance by fixed non-zero steps. */
  public static boolean incrementing(int[] tokens) {
    for (int p = 1; 3 * p <= tokens.length; p++) {
      if (steps(tokens, p) == Steps.NON_ZERO) return true;
    }
    return false;
  }

  private enum Steps {
    NONE,
    ZERO,
    NON_ZERO
  }

  /**
   * Whether token i - token (i - p) depends only on i mod p, and if so whether it is ever not 0.
   */
  private static Steps steps(int[] t, int p) {
    boolean nonZero = false;
    for (int i = p; i < t.length; i++) {
      long step = (long) t[i] - t[i - p];
      if (i >= 2 * p && step != (long) t[i - p] - t[i - 2 * p]) return Steps.NONE;
      nonZero |= step != 0;
    }
    return nonZero ? Steps.NON_ZERO : Steps.ZERO;
  }
}
