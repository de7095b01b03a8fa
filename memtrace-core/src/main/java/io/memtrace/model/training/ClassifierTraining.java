package io.memtrace.model.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link SequenceClassifier} on sequences of equal length in shuffled mini-batches
 * (seeded) by one of two recipes, and keeps the weights of the epoch that did best on the
 * validation sequences; the test split never takes part.
 *
 * <ul>
 *   <li>{@link Settings}: AdamW (β 0.9, 0.95, decay on matrices), linear warm-up over the first
 *       epoch and cosine decay to a tenth of the rate, gradient norm clipped at 1; the epoch of
 *       lowest validation loss, stopping after {@code patience} epochs without improvement.
 *   <li>{@link ConstantAdam}: Adam (β 0.9, 0.999, no decay) at a constant rate, no clipping; the
 *       epoch of highest validation token accuracy, stopping once the accuracy has fallen below the
 *       previous epoch's {@code decreases} times since the last best.
 * </ul>
 */
public final class ClassifierTraining {
  private ClassifierTraining() {}

  /** How a classifier is trained and its epoch chosen. */
  public sealed interface Recipe permits Settings, ConstantAdam {
    int batch();

    int maxEpochs();

    double learningRate();

    long seed();
  }

  public record Settings(
      int batch, int maxEpochs, int patience, double learningRate, double weightDecay, long seed)
      implements Recipe {
    public Settings {
      if (batch < 1 || maxEpochs < 1 || patience < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "batch "
                + batch
                + ", epochs "
                + maxEpochs
                + ", patience "
                + patience
                + ", lr "
                + learningRate);
      }
    }
  }

  public record ConstantAdam(
      int batch, int maxEpochs, int decreases, double learningRate, long seed) implements Recipe {
    public ConstantAdam {
      if (batch < 1 || maxEpochs < 1 || decreases < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "batch "
                + batch
                + ", epochs "
                + maxEpochs
                + ", decreases "
                + decreases
                + ", lr "
                + learningRate);
      }
    }
  }

  /**
   * Per epoch: the mean training loss over batches, the validation loss and the validation token
   * accuracy at the epoch's end; the chosen epoch (0-based).
   */
  public record Result(
      List<Double> trainLoss,
      List<Double> validationLoss,
      List<Double> validationAccuracy,
      int bestEpoch) {}

  /**
   * @param x per sequence, (t, features) row-major
   * @param y per sequence, t labels (negative: no label)
   */
  public static Result fit(
      SequenceClassifier model,
      float[][] x,
      int[][] y,
      float[][] validX,
      int[][] validY,
      int t,
      Recipe recipe) {
    if (x.length == 0 || validX.length == 0) {
      throw new IllegalArgumentException(
          x.length + " training and " + validX.length + " validation sequences; need both");
    }
    int batches = (x.length + recipe.batch() - 1) / recipe.batch();
    TrainingConfig schedule =
        switch (recipe) {
          case Settings s ->
              new TrainingConfig(
                  s.batch(),
                  t + 1,
                  (long) batches * s.maxEpochs(),
                  s.learningRate(),
                  s.learningRate() / 10,
                  Math.max(1, batches),
                  s.weightDecay(),
                  0.9,
                  0.95,
                  1e-8,
                  1.0,
                  s.seed(),
                  0.02);
          case ConstantAdam a ->
              new TrainingConfig(
                  a.batch(),
                  t + 1,
                  (long) batches * a.maxEpochs(),
                  a.learningRate(),
                  a.learningRate(),
                  0,
                  0,
                  0.9,
                  0.999,
                  1e-8,
                  0,
                  a.seed(),
                  0.02);
        };
    model.initialize(recipe.seed());
    AdamW adam = new AdamW(model.parameters());
    SplittableRandom random = new SplittableRandom(recipe.seed());
    SplittableRandom noise = new SplittableRandom(~recipe.seed()); // dropout masks
    int[] order = new int[x.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    List<Double> train = new ArrayList<>();
    List<Double> valid = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    float[][] bestWeights = model.snapshot();
    int bestEpoch = -1;
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestAccuracy = Double.NEGATIVE_INFINITY;
    int decreases = 0;
    for (int epoch = 0; epoch < recipe.maxEpochs(); epoch++) {
      boolean stop =
          switch (recipe) {
            case Settings s -> epoch - bestEpoch > s.patience();
            case ConstantAdam a -> decreases >= a.decreases();
          };
      if (stop) break;
      shuffle(order, random);
      double sum = 0;
      for (int from = 0; from < order.length; from += recipe.batch()) {
        int b = Math.min(recipe.batch(), order.length - from);
        float[] bx = concat(x, order, from, b);
        int[] by = concat(y, order, from, b);
        if (!hasLabel(by)) continue;
        sum += model.trainingLoss(bx, by, b, t, noise.nextLong());
        adam.clip(schedule.gradClip());
        adam.update(
            model.parallel(),
            schedule.learningRate(adam.step()),
            schedule.beta1(),
            schedule.beta2(),
            schedule.eps(),
            schedule.weightDecay());
      }
      train.add(sum / batches);
      double v = loss(model, validX, validY, t);
      double acc = accuracy(model, validX, validY, t);
      valid.add(v);
      accuracy.add(acc);
      boolean better =
          switch (recipe) {
            case Settings s -> v < bestLoss;
            case ConstantAdam a -> acc > bestAccuracy;
          };
      if (better) {
        bestLoss = v;
        bestAccuracy = acc;
        bestEpoch = epoch;
        bestWeights = model.snapshot();
        decreases = 0;
      } else if (epoch > 0 && acc < accuracy.get(epoch - 1)) {
        decreases++;
      }
    }
    if (bestEpoch < 0) {
      throw new IllegalStateException(
          "training diverged: the validation loss was never finite (" + valid + ")");
    }
    model.restore(bestWeights);
    return new Result(train, valid, accuracy, bestEpoch);
  }

  /** The share of labelled positions whose most probable class is the label. */
  public static double accuracy(SequenceClassifier model, float[][] x, int[][] y, int t) {
    long right = 0;
    long labelled = 0;
    for (int from = 0; from < x.length; from += 64) {
      int b = Math.min(64, x.length - from);
      int[] all = new int[b];
      for (int i = 0; i < b; i++) all[i] = from + i;
      float[] prob = model.probabilities(concat(x, all, 0, b), b, t);
      int[] labels = concat(y, all, 0, b);
      int classes = prob.length / labels.length;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0) continue;
        int best = 0;
        for (int c = 1; c < classes; c++)
          if (prob[i * classes + c] > prob[i * classes + best]) best = c;
        if (best == labels[i]) right++;
        labelled++;
      }
    }
    return (double) right / labelled;
  }

  /** Mean cross-entropy over the labelled positions of all sequences. */
  public static double loss(SequenceClassifier model, float[][] x, int[][] y, int t) {
    int[] all = new int[x.length];
    for (int i = 0; i < all.length; i++) all[i] = i;
    int labelled = 0;
    for (int[] row : y) for (int label : row) if (label >= 0) labelled++;
    double total = 0;
    for (int from = 0; from < x.length; from += 64) {
      int b = Math.min(64, x.length - from);
      int[] by = concat(y, all, from, b);
      int m = 0;
      for (int label : by) if (label >= 0) m++;
      if (m > 0) total += model.loss(concat(x, all, from, b), by, b, t, false) * m;
    }
    return total / labelled;
  }

  private static boolean hasLabel(int[] y) {
    for (int label : y) if (label >= 0) return true;
    return false;
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  private static float[] concat(float[][] rows, int[] order, int from, int b) {
    int len = rows[order[from]].length;
    float[] out = new float[b * len];
    for (int i = 0; i < b; i++) System.arraycopy(rows[order[from + i]], 0, out, i * len, len);
    return out;
  }

  private static int[] concat(int[][] rows, int[] order, int from, int b) {
    int len = rows[order[from]].length;
    int[] out = new int[b * len];
    for (int i = 0; i < b; i++) System.arraycopy(rows[order[from + i]], 0, out, i * len, len);
    return out;
  }
}
