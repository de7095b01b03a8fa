package io.memtrace.memorization;

import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.training.ClassifierTraining;
import io.memtrace.model.training.TokenClassifier;
import io.memtrace.stats.LogisticRegression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Study A (f): predicting, per continuation token, whether greedy decoding reproduces it, from the
 * LM's last-layer hidden state and entropy at each decoding step — done properly: a causal
 * Transformer over the L decoding steps of a row (attention within the row, never across the batch;
 * rotary positions), rows split into train / validation / test (seeded), the epoch chosen on
 * validation only, features standardized with the training rows' statistics.
 *
 * <p>Next to the predictor, the same table holds study A's released configuration ({@link
 * ReleasedPredictor}: a bidirectional encoder without positions over the C + L - 1 positions, the
 * entropy joined after it, fully memorized rows left out of training), the majority class, a
 * logistic regression on the entropy alone, and a context-only logistic regression that sees the
 * mean last-layer state of the C context tokens and the entropy before the first decoded token
 * (plus the continuation position), asking whether memorization can be predicted before any
 * decoding.
 */
public final class MemorizationPredictor {
  private MemorizationPredictor() {}

  /** A scored row: its C context tokens, its true and its greedy continuation of L tokens. */
  public record Row(long id, int[] context, int[] truth, int[] generated) {
    public boolean[] correct() {
      boolean[] c = new boolean[truth.length];
      for (int j = 0; j < c.length; j++) c[j] = generated[j] == truth[j];
      return c;
    }

    /** The exact level k of score k / L. */
    public int matches() {
      int k = 0;
      for (boolean b : correct()) if (b) k++;
      return k;
    }
  }

  /**
   * What the LM computes for each row, fed its context and then its own greedy tokens.
   *
   * @param steps per row, L · (dim + 1): the final-norm state at the position that predicts each
   *     continuation token (positions C-1 .. C+L-2), then that distribution's entropy (nats)
   * @param context per row, dim + 1: the mean final-norm state over the context, then the entropy
   *     of the first continuation token's distribution (computed from the context alone)
   * @param prefix per row, (C - 1) · dim: the final-norm states of the context positions before the
   *     first decoding step (0 .. C-2), which with the steps make the C + L - 1 positions the
   *     released configuration's encoder reads
   */
  public record Features(int dim, float[][] steps, float[][] context, float[][] prefix) {}

  /**
   * The features of {@code rows}, {@code suppressed} tokens (the EOS ids when memorize suppressed
   * them) left out of every distribution as memorize's entropies leave them out.
   */
  public static Features features(
      LanguageModel lm, List<Row> rows, List<Integer> suppressed, int batch) {
    int d = lm.config().hiddenSize();
    int last = lm.layers() + 1;
    BitSet layers = new BitSet();
    layers.set(last);
    float[][] steps = new float[rows.size()][];
    float[][] context = new float[rows.size()][];
    float[][] prefix = new float[rows.size()][];
    for (int from = 0; from < rows.size(); from += batch) {
      int to = Math.min(rows.size(), from + batch);
      int[][] tokens = new int[to - from][];
      for (int r = 0; r < tokens.length; r++) {
        Row row = rows.get(from + r);
        int c = row.context().length;
        int l = row.generated().length;
        // The last greedy token is fed only so that the position before it gets its statistics.
        tokens[r] = java.util.Arrays.copyOf(row.context(), c + l);
        System.arraycopy(row.generated(), 0, tokens[r], c, l);
        steps[from + r] = new float[l * (d + 1)];
        context[from + r] = new float[d + 1];
        prefix[from + r] = new float[(c - 1) * d];
      }
      int base = from;
      RowScores[] scores =
          lm.score(
              tokens,
              ScoreOptions.DEFAULT
                  .withSuppressed(suppressed)
                  .withHidden(
                      layers,
                      (row, position, layer, state, offset, dim) -> {
                        Row rw = rows.get(base + row);
                        int c = rw.context().length;
                        if (position < c) {
                          float[] pooled = context[base + row];
                          for (int k = 0; k < dim; k++) pooled[k] += state[offset + k] / c;
                        }
                        if (position < c - 1) {
                          System.arraycopy(state, offset, prefix[base + row], position * dim, dim);
                        }
                        if (position >= c - 1 && position < c - 1 + rw.generated().length) {
                          System.arraycopy(
                              state,
                              offset,
                              steps[base + row],
                              (position - c + 1) * (dim + 1),
                              dim);
                        }
                      }));
      for (int r = 0; r < tokens.length; r++) {
        Row row = rows.get(from + r);
        int c = row.context().length;
        for (int j = 0; j < row.generated().length; j++) {
          steps[from + r][j * (d + 1) + d] = scores[r].entropy()[c - 1 + j];
        }
        context[from + r][d] = scores[r].entropy()[c - 1];
      }
    }
    return new Features(d, steps, context, prefix);
  }

  /** Up to {@code perLevel} rows of each exact level k / L, drawn without replacement (seeded). */
  public static List<Row> balanced(List<Row> rows, int perLevel, long seed) {
    Map<Integer, List<Row>> byLevel = new TreeMap<>();
    for (Row r : rows) byLevel.computeIfAbsent(r.matches(), k -> new ArrayList<>()).add(r);
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>();
    for (List<Row> level : byLevel.values()) {
      for (int i = 0; i < Math.min(perLevel, level.size()); i++) {
        int j = i + random.nextInt(level.size() - i);
        Row tmp = level.get(i);
        level.set(i, level.get(j));
        level.set(j, tmp);
        out.add(level.get(i));
      }
    }
    return out;
  }

  /** Rows split 70 / 15 / 15 by a seeded shuffle. */
  public record Split(int[] train, int[] validation, int[] test) {
    public static Split of(int n, long seed) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      int train = (int) Math.round(n * 0.7);
      int valid = (int) Math.round(n * 0.15);
      return new Split(
          java.util.Arrays.copyOfRange(order, 0, train),
          java.util.Arrays.copyOfRange(order, train, train + valid),
          java.util.Arrays.copyOfRange(order, train + valid, n));
    }
  }

  /**
   * The predictor's network and training; {@code epochs} also bounds the released configuration's.
   *
   * @param width the Transformer's width (its MLP is 4 · width)
   */
  public record Settings(
      int width, int layers, int heads, int epochs, int patience, double learningRate, long seed) {
    /**
     * The released configuration's scale for an LM of hidden size {@code dim}: width {@code dim}
     * (the released encoder's width is the LM's hidden size), {@value ReleasedPredictor#LAYERS}
     * layers, {@link #defaultHeads} heads (its MLP is 4 · width where the released one is {@value
     * ReleasedPredictor#FEED_FORWARD}); at most 40 epochs, patience 5, peak rate 2e-3.
     */
    public static Settings defaults(int dim, long seed) {
      return new Settings(dim, ReleasedPredictor.LAYERS, defaultHeads(dim), 40, 5, 2e-3, seed);
    }

    /**
     * The released {@value ReleasedPredictor#HEADS} heads where they fit {@code width}, else the
     * most below: heads must divide the width into heads of an even size (rotary positions turn
     * pairs of dimensions); 1 when none does.
     */
    public static int defaultHeads(int width) {
      for (int h = Math.min(ReleasedPredictor.HEADS, width); h > 1; h--) {
        if (width % h == 0 && (width / h) % 2 == 0) return h;
      }
      return 1;
    }
  }

  /** One predictor's test results, overall and per exact level k. */
  public record Evaluation(
      String predictor, PredictionMetrics all, Map<Integer, PredictionMetrics> byLevel) {}

  /**
   * Everything one run produced: test evaluations, the split, the trained predictor, and the
   * released configuration's training.
   */
  public record Report(
      List<Evaluation> test,
      Split split,
      TokenClassifier predictor,
      ClassifierTraining.Result training,
      float[] featureMean,
      float[] featureScale,
      ReleasedPredictor.Trained released) {}

  public static final String PREDICTOR = "transformer";
  public static final String RELEASED = ReleasedPredictor.NAME;
  public static final String MAJORITY = "majority";
  public static final String ENTROPY = "logistic-entropy";
  public static final String CONTEXT = "logistic-context-only";

  public static Report run(List<Row> rows, Features f, Settings s, int threads)
      throws BadInputException {
    if (rows.size() < 10) {
      throw new BadInputException(rows.size() + " rows; the predictor needs at least 10");
    }
    if (s.width() < 1
        || s.layers() < 1
        || s.heads() < 1
        || s.width() % s.heads() != 0
        || (s.width() / s.heads()) % 2 != 0) {
      throw new BadInputException(
          "predictor width "
              + s.width()
              + ", "
              + s.layers()
              + " layers, "
              + s.heads()
              + " heads; expected heads that divide the width into heads of an even size"
              + " (rotary positions turn pairs of dimensions)");
    }
    int l = rows.get(0).generated().length;
    int width = f.dim() + 1;
    Split split = Split.of(rows.size(), s.seed());
    boolean[][] truth = new boolean[rows.size()][];
    for (int i = 0; i < truth.length; i++) truth[i] = rows.get(i).correct();

    // Standardize the step features with the training rows' statistics.
    float[] mean = new float[width];
    float[] scale = new float[width];
    long count = (long) split.train().length * l;
    for (int i : split.train()) {
      for (int p = 0; p < l; p++) {
        for (int k = 0; k < width; k++) mean[k] += f.steps()[i][p * width + k] / count;
      }
    }
    for (int i : split.train()) {
      for (int p = 0; p < l; p++) {
        for (int k = 0; k < width; k++) {
          float dv = f.steps()[i][p * width + k] - mean[k];
          scale[k] += dv * dv / count;
        }
      }
    }
    for (int k = 0; k < width; k++) scale[k] = scale[k] > 0 ? 1 / (float) Math.sqrt(scale[k]) : 0;
    float[][] x = new float[rows.size()][];
    int[][] y = new int[rows.size()][l];
    for (int i = 0; i < x.length; i++) {
      x[i] = standardize(f.steps()[i], mean, scale);
      for (int p = 0; p < l; p++) y[i][p] = truth[i][p] ? 1 : 0;
    }

    List<Evaluation> out = new ArrayList<>();
    TokenClassifier model =
        new TokenClassifier(
            new TokenClassifier.Shape(
                width, 2, s.width(), s.layers(), s.heads(), 4 * s.width(), true),
            threads);
    ClassifierTraining.Result training =
        ClassifierTraining.fit(
            model,
            pick(x, split.train()),
            pick(y, split.train()),
            pick(x, split.validation()),
            pick(y, split.validation()),
            l,
            new ClassifierTraining.Settings(
                16, s.epochs(), s.patience(), s.learningRate(), 0.01, s.seed()));
    out.add(evaluate(PREDICTOR, predict(model, x, split.test(), l), split.test(), truth, rows));

    ReleasedPredictor.Trained released =
        ReleasedPredictor.train(rows, f, split, s.epochs(), s.seed(), threads);
    out.add(evaluate(RELEASED, released.test(), split.test(), truth, rows));

    // Majority class of the training tokens.
    long ones = 0;
    for (int i : split.train()) for (boolean b : truth[i]) if (b) ones++;
    boolean majority = 2 * ones > count;
    boolean[][] constant = new boolean[split.test().length][l];
    for (boolean[] row : constant) java.util.Arrays.fill(row, majority);
    out.add(evaluate(MAJORITY, constant, split.test(), truth, rows));

    out.add(
        evaluate(
            ENTROPY,
            logistic(split, truth, l, (i, p) -> new double[] {f.steps()[i][p * width + f.dim()]}),
            split.test(),
            truth,
            rows));
    out.add(
        evaluate(
            CONTEXT,
            logistic(
                split,
                truth,
                l,
                (i, p) -> {
                  double[] v = new double[width + l];
                  for (int k = 0; k < width; k++) v[k] = f.context()[i][k];
                  v[width + p] = 1;
                  return v;
                }),
            split.test(),
            truth,
            rows));
    return new Report(out, split, model, training, mean, scale, released);
  }

  /** A saved predictor's results on the rows {@code which} (for example another model's test). */
  public static Evaluation evaluate(
      String name, PredictorFile.Loaded p, List<Row> rows, Features f, int[] which)
      throws BadInputException {
    int width = f.dim() + 1;
    if (width != p.model().shape().features()) {
      throw new BadInputException(
          "the predictor takes "
              + p.model().shape().features()
              + " features per token, this model gives "
              + width
              + " (hidden size + entropy)");
    }
    int l = rows.get(0).generated().length;
    float[][] x = new float[rows.size()][];
    boolean[][] truth = new boolean[rows.size()][];
    for (int i : which) {
      x[i] = standardize(f.steps()[i], p.mean(), p.scale());
      truth[i] = rows.get(i).correct();
    }
    return evaluate(name, predict(p.model(), x, which, l), which, truth, rows);
  }

  /** Predictions of a trained classifier for the given rows (positive: probability > 1/2). */
  public static boolean[][] predict(TokenClassifier model, float[][] x, int[] rows, int l) {
    boolean[][] out = new boolean[rows.length][l];
    for (int from = 0; from < rows.length; from += 64) {
      int b = Math.min(64, rows.length - from);
      float[] batch = new float[b * x[rows[from]].length];
      for (int r = 0; r < b; r++) {
        System.arraycopy(
            x[rows[from + r]], 0, batch, r * x[rows[from]].length, x[rows[from]].length);
      }
      float[] prob = model.probabilities(batch, b, l);
      for (int r = 0; r < b; r++) {
        for (int p = 0; p < l; p++) out[from + r][p] = prob[(r * l + p) * 2 + 1] > 0.5f;
      }
    }
    return out;
  }

  static float[] standardize(float[] v, float[] mean, float[] scale) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      int k = i % mean.length;
      out[i] = (v[i] - mean[k]) * scale[k];
    }
    return out;
  }

  private interface TokenFeatures {
    double[] of(int row, int position);
  }

  private static boolean[][] logistic(Split split, boolean[][] truth, int l, TokenFeatures f) {
    double[][] x = new double[split.train().length * l][];
    int[] y = new int[x.length];
    int n = 0;
    for (int i : split.train()) {
      for (int p = 0; p < l; p++) {
        x[n] = f.of(i, p);
        y[n++] = truth[i][p] ? 1 : 0;
      }
    }
    LogisticRegression model = LogisticRegression.fit(x, y, 1e-3, 300);
    boolean[][] out = new boolean[split.test().length][l];
    for (int r = 0; r < out.length; r++) {
      for (int p = 0; p < l; p++) out[r][p] = model.probability(f.of(split.test()[r], p)) > 0.5;
    }
    return out;
  }

  private static Evaluation evaluate(
      String name, boolean[][] predicted, int[] test, boolean[][] truth, List<Row> rows) {
    boolean[][] t = new boolean[test.length][];
    Map<Integer, List<Integer>> byLevel = new TreeMap<>();
    for (int r = 0; r < test.length; r++) {
      t[r] = truth[test[r]];
      byLevel.computeIfAbsent(rows.get(test[r]).matches(), k -> new ArrayList<>()).add(r);
    }
    Map<Integer, PredictionMetrics> levels = new LinkedHashMap<>();
    byLevel.forEach(
        (k, members) -> {
          boolean[][] p = new boolean[members.size()][];
          boolean[][] tt = new boolean[members.size()][];
          for (int i = 0; i < p.length; i++) {
            p[i] = predicted[members.get(i)];
            tt[i] = t[members.get(i)];
          }
          levels.put(k, PredictionMetrics.of(p, tt));
        });
    return new Evaluation(name, PredictionMetrics.of(predicted, t), levels);
  }

  private static float[][] pick(float[][] a, int[] idx) {
    float[][] out = new float[idx.length][];
    for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
    return out;
  }

  private static int[][] pick(int[][] a, int[] idx) {
    int[][] out = new int[idx.length][];
    for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
    return out;
  }
}
