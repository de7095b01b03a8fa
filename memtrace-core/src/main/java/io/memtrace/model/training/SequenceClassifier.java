package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;
import java.util.List;

/**
 * A network that labels every position of sequences of feature vectors, trained by {@link
 * ClassifierTraining}: inputs (b · t, features) row-major, labels (b · t) with a negative label for
 * a position that has none.
 */
public sealed interface SequenceClassifier permits TokenClassifier, EncoderClassifier {
  /** Every tensor, in a fixed order. */
  List<Parameter> parameters();

  /** Fresh weights, seeded, by the network's own initialization. */
  void initialize(long seed);

  /**
   * The mean cross-entropy over the labelled positions of b sequences of t positions, in evaluation
   * mode (no dropout); when {@code backward}, the gradients of every parameter (overwritten).
   */
  double loss(float[] features, int[] labels, int b, int t, boolean backward);

  /**
   * As {@link #loss} with gradients, in training mode: dropout, where the network has any, draws
   * its masks from {@code noise}, so the same noise gives the same loss.
   */
  double trainingLoss(float[] features, int[] labels, int b, int t, long noise);

  /** The probability of each class at every position, (b · t, classes), in evaluation mode. */
  float[] probabilities(float[] features, int b, int t);

  /** A copy of every tensor's values (to keep the best model seen so far). */
  float[][] snapshot();

  void restore(float[][] snapshot);

  /** The threads the network computes with (the optimizer uses the same). */
  Parallel parallel();
}
