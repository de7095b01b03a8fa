package io.memtrace.model.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link TokenClassifier} on sequences of equal length with AdamW, warm-up and cosine
 * decay, in shuffled mini-batches (seeded), and picks the epoch with the lowest validation loss:
 * training stops after {@code patience} epochs without improvement and the best epoch's weights are
 * restored. The test split never takes part.
 */
public final class ClassifierTraining {
  private ClassifierTraining() {}

  public record Settings(
      int batch, int maxEpochs, int patience, double learningRate, double weightDecay, long seed) {
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

  /** Losses per epoch (mean over training batches; validation at the epoch's end). */
  public record Result(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch) {}

  /**
   * @param x per sequence, (t, features) row-major
   * @param y per sequence, t labels (negative: no label)
   */
  public static Result fit(
      TokenClassifier model,
      float[][] x,
      int[][] y,
      float[][] validX,
      int[][] validY,
      int t,
      Settings s) {
    int batches = (x.length + s.batch() - 1) / s.batch();
    TrainingConfig schedule =
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
    model.initialize(s.seed(), schedule.initStd());
    AdamW adam = new AdamW(model.parameters());
    SplittableRandom random = new SplittableRandom(s.seed());
    int[] order = new int[x.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    List<Double> train = new ArrayList<>();
    List<Double> valid = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    float[][] bestWeights = model.snapshot();
    int bestEpoch = -1;
    for (int epoch = 0; epoch < s.maxEpochs() && epoch - bestEpoch <= s.patience(); epoch++) {
      shuffle(order, random);
      double sum = 0;
      for (int from = 0; from < order.length; from += s.batch()) {
        int b = Math.min(s.batch(), order.length - from);
        float[] bx = concat(x, order, from, b);
        int[] by = concat(y, order, from, b);
        if (!hasLabel(by)) continue;
        sum += model.loss(bx, by, b, t, true);
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
      valid.add(v);
      if (v < best) {
        best = v;
        bestEpoch = epoch;
        bestWeights = model.snapshot();
      }
    }
    if (bestEpoch < 0) {
      throw new IllegalStateException(
          "training diverged: the validation loss was never finite (" + valid + ")");
    }
    model.restore(bestWeights);
    return new Result(train, valid, bestEpoch);
  }

  /** Mean cross-entropy over the labelled positions of all sequences. */
  public static double loss(TokenClassifier model, float[][] x, int[][] y, int t) {
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
