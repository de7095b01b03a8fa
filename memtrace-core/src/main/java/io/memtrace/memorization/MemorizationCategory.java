package io.memtrace.memorization;

import java.util.Locale;

/**
 * The taxonomy of memorized sequences of Prashanth et al. 2024, decided in the paper's order: a
 * sequence copied more than {@link #RECITATION_COPIES} times in the training data is recited; else
 * one whose continuation follows a repeating or incrementing template ({@link Templates}) is
 * reconstructed; the rest are recollected (rare sequences the model kept anyway).
 */
public enum MemorizationCategory {
  RECITATION,
  RECONSTRUCTION,
  RECOLLECTION;

  /** The paper's duplication threshold: more than 5 copies of the sequence in the Pile. */
  public static final long RECITATION_COPIES = 5;

  /** The category of a memorized sequence with {@code copies} copies and this continuation. */
  public static MemorizationCategory of(long copies, int[] continuation) {
    if (copies > RECITATION_COPIES) return RECITATION;
    if (Templates.repeating(continuation) || Templates.incrementing(continuation)) {
      return RECONSTRUCTION;
    }
    return RECOLLECTION;
  }

  /** The name stored in the results: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
