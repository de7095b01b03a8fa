package io.memtrace.memorization;

import java.util.Locale;

/**
 * The taxonomy of memorized sequences of Prashanth et al. 2024, decided in the paper's order: a
 * sequence copied more than {@link #RECITATION_COPIES} times in the training data is recited; else
 * one that follows a repeating or incrementing template ({@link Templates}) is reconstructed; the
 * rest are recollected (rare sequences the model kept anyway).
 */
public enum MemorizationCategory {
  RECITATION,
  RECONSTRUCTION,
  RECOLLECTION;

  /** The paper's duplication threshold: more than 5 copies of the sequence in the Pile. */
  public static final long RECITATION_COPIES = 5;

  /**
   * The category of a memorized sequence with {@code copies} copies that follows a template ({@link
   * Templates#repeating} of its tokens or {@link Templates#incrementing} of its text) or not.
   */
  public static MemorizationCategory of(long copies, boolean template) {
    if (copies > RECITATION_COPIES) return RECITATION;
    return template ? RECONSTRUCTION : RECOLLECTION;
  }

  /** The name stored in the results: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
