package io.memtrace.memorization;

import io.memtrace.BadInputException;
import io.memtrace.model.training.ClassifierTraining;
import io.memtrace.model.training.EncoderClassifier;
import io.memtrace.model.training.SequenceClassifier;
import java.util.Arrays;
import java.util.List;

/**
 * Study A's released memorization predictor as a baseline ({@value #NAME}), reimplemented from the
 * authors' code (mynlp/memorizationstudy: {@code models.py} at ee28f98, {@code prediction.py} at
 * 2816b8a, its features as {@code find_cross.py} at c7ba672 writes them), next to memtrace's own
 * predictor.
 *
 * <p>As released:
 *
 * <ul>
 *   <li>Inputs: the LM's final-norm hidden state at each of the C + L - 1 positions of the context
 *       followed by the LM's own greedy tokens (all but the last), unstandardized; the entropy of
 *       each of the L next-token distributions.
 *   <li>Encoder: {@value #LAYERS} post-LayerNorm Transformer encoder layers as PyTorch's defaults
 *       make them (width = the LM's hidden size, {@value #HEADS} heads, ReLU MLP of {@value
 *       #FEED_FORWARD}, dropout {@value #DROPOUT}, no input projection, no positional encoding, no
 *       final norm), bidirectional over the C + L - 1 positions.
 *   <li>Head, after the encoder: a ReLU layer of {@value #HIDDEN} at every position, the position's
 *       entropy concatenated to it, a linear layer to 2 classes; positions C-1 .. C+L-2 (the L
 *       decoding steps) are classified, cross-entropy averaged over their tokens.
 *   <li>Rows of level L (score 1, every token reproduced) are left out: the released training
 *       script loads levels 0 .. L-1 only, so they are neither trained nor selected on.
 *   <li>Adam at a constant {@value #LEARNING_RATE} (β 0.9, 0.999, no decay, no clipping), shuffled
 *       batches of {@value #BATCH}, at most {@value #EPOCHS} epochs; the epoch of best token
 *       accuracy is kept, stopping once the accuracy has fallen below the previous epoch's {@value
 *       #DECREASES} times since the last best. PyTorch's initialization, every layer starting as a
 *       copy of the first (TransformerEncoder deep-copies its layer).
 * </ul>
 *
 * <p>Not copied, because they are bugs of the released code:
 *
 * <ul>
 *   <li>Its encoder layer is built without {@code batch_first=True} but fed (batch, positions,
 *       width), so it attends across the rows of a batch at each position and never across the
 *       positions of a row; a row's prediction depends on which rows share its batch. Here each row
 *       attends over its own C + L - 1 positions and rows never see each other.
 *   <li>It picks the epoch, and reports the best accuracy, on the held-out rows it reports (no
 *       validation split). Here the epoch is chosen on the validation rows, the test rows are only
 *       predicted.
 *   <li>It saves {@code state_dict()} of the best epoch, which references the live tensors, so the
 *       saved model is the last epoch's. Here the best epoch's weights are copied and tested.
 * </ul>
 *
 * <p>Other differences: the rows are memtrace's balanced sample and its seeded 70/15/15 split,
 * shared with every predictor (released: an unseeded 80/20 split, no validation), so the baseline
 * trains on the training rows and selects on the validation rows below level L; it is tested on all
 * test rows, level L included, like every predictor (the per-level results give level L apart; the
 * released test has none). The released model classifies from position 31 on (its context size
 * defaults to 32 and the training script never passes C), so it runs for C = 32 only; here the
 * decoding positions follow the rows' C. Heads are {@value #HEADS} when they divide the LM's hidden
 * size, else the largest divisor below (PyTorch would refuse). Epochs are at most the run's
 * maximum. Dropout masks and initial weights come from memtrace's seeded generators, q, k, v are
 * stored per head (GPT-NeoX layout, a permutation of PyTorch's rows), and it trains in float32 on
 * the CPU threads.
 */
public final class ReleasedPredictor {
  public static final String NAME = "released-study-a";
  public static final int LAYERS = 4;
  public static final int HEADS = 8;
  public static final int FEED_FORWARD = 2048;
  public static final int HIDDEN = 512;
  public static final double DROPOUT = 0.1;
  public static final double LEARNING_RATE = 1e-4;
  public static final int BATCH = 128;
  public static final int EPOCHS = 30;
  public static final int DECREASES = 5;

  /** Rows drawn per exact level in the released data ({@code find_cross.py}'s num_samples). */
  public static final int PER_LEVEL = 2000;

  private ReleasedPredictor() {}

  /**
   * A trained baseline: its predictions for the test rows (in their order), the rows it trained and
   * selected on, the shape, and the training curve.
   */
  public record Trained(
      boolean[][] test,
      int trainRows,
      int validationRows,
      EncoderClassifier.Shape shape,
      ClassifierTraining.Result training) {}

  /** {@value #HEADS} when they divide {@code width}, else the largest divisor of it below. */
  public static int heads(int width) {
    int h = Math.min(HEADS, Math.max(1, width));
    while (width % h != 0) h--;
    return h;
  }

  /** The rows among {@code which} below level L, as the released training script keeps them. */
  public static int[] belowFull(List<MemorizationPredictor.Row> rows, int[] which) {
    return Arrays.stream(which)
        .filter(i -> rows.get(i).matches() < rows.get(i).truth().length)
        .toArray();
  }

  /**
   * The encoder's input for one row, (C + L - 1) · (dim + 1): at each position its final-norm
   * state, then the entropy of the distribution it gives (0 at the context positions before the
   * first decoding step, which carry no label).
   */
  static float[] input(MemorizationPredictor.Features f, int row, int c, int l) {
    int d = f.dim();
    int w = d + 1;
    float[] x = new float[(c + l - 1) * w];
    for (int p = 0; p < c - 1; p++) System.arraycopy(f.prefix()[row], p * d, x, p * w, d);
    System.arraycopy(f.steps()[row], 0, x, (c - 1) * w, l * w);
    return x;
  }

  /** The labels of one row's C + L - 1 positions: none for the context, correctness after. */
  static int[] labels(MemorizationPredictor.Row row) {
    int c = row.context().length;
    boolean[] correct = row.correct();
    int[] y = new int[c + correct.length - 1];
    Arrays.fill(y, 0, c - 1, -1);
    for (int j = 0; j < correct.length; j++) y[c - 1 + j] = correct[j] ? 1 : 0;
    return y;
  }

  /** Trains the baseline on the split's rows below level L and predicts the test rows. */
  public static Trained train(
      List<MemorizationPredictor.Row> rows,
      MemorizationPredictor.Features f,
      MemorizationPredictor.Split split,
      int maxEpochs,
      long seed,
      int threads)
      throws BadInputException {
    int c = rows.getFirst().context().length;
    int l = rows.getFirst().truth().length;
    int t = c + l - 1;
    int[] train = belowFull(rows, split.train());
    int[] validation = belowFull(rows, split.validation());
    if (train.length == 0 || validation.length == 0) {
      throw new BadInputException(
          "the released configuration leaves out fully memorized rows, which leaves "
              + train.length
              + " training and "
              + validation.length
              + " validation rows; sample more rows per level (--per-level)");
    }
    var shape =
        new EncoderClassifier.Shape(
            f.dim(), 1, 2, LAYERS, heads(f.dim()), FEED_FORWARD, HIDDEN, DROPOUT);
    EncoderClassifier model = new EncoderClassifier(shape, threads);
    ClassifierTraining.Result result =
        ClassifierTraining.fit(
            model,
            inputs(f, train, c, l),
            labels(rows, train),
            inputs(f, validation, c, l),
            labels(rows, validation),
            t,
            new ClassifierTraining.ConstantAdam(
                BATCH, Math.min(EPOCHS, maxEpochs), DECREASES, LEARNING_RATE, seed));
    return new Trained(
        predict(model, inputs(f, split.test(), c, l), c, l),
        train.length,
        validation.length,
        shape,
        result);
  }

  /** The decoding steps' predictions (probability of "reproduced" above 1/2) of each row. */
  static boolean[][] predict(SequenceClassifier model, float[][] x, int c, int l) {
    int t = c + l - 1;
    boolean[][] out = new boolean[x.length][l];
    for (int from = 0; from < x.length; from += 64) {
      int b = Math.min(64, x.length - from);
      int w = x[from].length;
      float[] batch = new float[b * w];
      for (int r = 0; r < b; r++) System.arraycopy(x[from + r], 0, batch, r * w, w);
      float[] prob = model.probabilities(batch, b, t);
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < l; j++) out[from + r][j] = prob[(r * t + c - 1 + j) * 2 + 1] > 0.5f;
      }
    }
    return out;
  }

  private static float[][] inputs(MemorizationPredictor.Features f, int[] which, int c, int l) {
    float[][] x = new float[which.length][];
    for (int i = 0; i < which.length; i++) x[i] = input(f, which[i], c, l);
    return x;
  }

  private static int[][] labels(List<MemorizationPredictor.Row> rows, int[] which) {
    int[][] y = new int[which.length][];
    for (int i = 0; i < which.length; i++) y[i] = labels(rows.get(which[i]));
    return y;
  }
}
