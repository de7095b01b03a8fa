package io.memtrace.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.tensor.Parallel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bidirectional encoder against a naive reference of its documented math, and its properties
 * against brute force: no positional information (permuting a row's positions permutes its
 * outputs), every position sees every other (non-causal), rows of a batch never see each other;
 * gradients against central differences with and without dropout.
 */
class EncoderClassifierTest {
  static final int D = 4;
  static final int SIDE = 1;

  private static EncoderClassifier model(long seed, double dropout) throws Exception {
    return model(seed, dropout, 5);
  }

  /** With a wide head, no position has all its head units off (which would hide the encoder). */
  private static EncoderClassifier model(long seed, double dropout, int hidden) throws Exception {
    var m =
        new EncoderClassifier(new EncoderClassifier.Shape(D, SIDE, 2, 2, 2, 6, hidden, dropout), 1);
    m.initialize(seed);
    // Non-trivial norms and biases, so that the reference checks every term.
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (Parameter p : m.parameters()) {
      if (p.shape().length == 1) {
        for (int i = 0; i < p.size(); i++) p.data()[i] += (float) (0.4 * r.nextDouble() - 0.2);
      }
    }
    return m;
  }

  private static float[] input(SplittableRandom r, int b, int t) {
    float[] x = new float[b * t * (D + SIDE)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
    return x;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void matchesANaiveReference(long seed) throws Exception {
    EncoderClassifier m = model(seed, 0.1);
    int b = 2;
    int t = 5;
    float[] x = input(new SplittableRandom(seed), b, t);
    float[] got = m.probabilities(x, b, t);
    Map<String, float[]> w = new HashMap<>();
    for (Parameter p : m.parameters()) w.put(p.name(), p.data());
    for (int row = 0; row < b; row++) {
      double[][] h = new double[t][D];
      for (int p = 0; p < t; p++) {
        for (int k = 0; k < D; k++) h[p][k] = x[(row * t + p) * (D + SIDE) + k];
      }
      for (int l = 0; l < 2; l++) h = referenceLayer(w, "layers." + l + ".", h, 2, 6);
      for (int p = 0; p < t; p++) {
        double[] z = new double[5 + SIDE];
        double[] pre = linear(w.get("head.hidden.weight"), w.get("head.hidden.bias"), h[p], 5);
        for (int k = 0; k < 5; k++) z[k] = Math.max(0, pre[k]);
        z[5] = x[(row * t + p) * (D + SIDE) + D];
        double[] logits = linear(w.get("head.out.weight"), w.get("head.out.bias"), z, 2);
        double p1 = 1 / (1 + Math.exp(logits[0] - logits[1]));
        assertThat((double) got[(row * t + p) * 2 + 1]).isCloseTo(p1, within(1e-5));
      }
    }
  }

  /** x = LN1(x + Attention(x)); x = LN2(x + W2 ReLU(W1 x)); attention over all t positions. */
  private static double[][] referenceLayer(
      Map<String, float[]> w, String prefix, double[][] x, int heads, int ff) {
    int t = x.length;
    int hd = D / heads;
    double[][] qkv = new double[t][];
    for (int p = 0; p < t; p++) {
      qkv[p] =
          linear(
              w.get(prefix + "attention.qkv.weight"),
              w.get(prefix + "attention.qkv.bias"),
              x[p],
              3 * D);
    }
    double[][] attended = new double[t][D];
    for (int h = 0; h < heads; h++) {
      int q0 = h * 3 * hd;
      for (int i = 0; i < t; i++) {
        double[] s = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < hd; k++) s[j] += qkv[i][q0 + k] * qkv[j][q0 + hd + k];
          s[j] /= Math.sqrt(hd);
          max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j < t; j++) sum += s[j] = Math.exp(s[j] - max);
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < hd; k++)
            attended[i][h * hd + k] += s[j] / sum * qkv[j][q0 + 2 * hd + k];
        }
      }
    }
    double[][] out = new double[t][];
    for (int p = 0; p < t; p++) {
      double[] a =
          linear(
              w.get(prefix + "attention.out.weight"),
              w.get(prefix + "attention.out.bias"),
              attended[p],
              D);
      for (int k = 0; k < D; k++) a[k] += x[p][k];
      double[] x1 = norm(a, w.get(prefix + "norm1.weight"), w.get(prefix + "norm1.bias"));
      double[] up =
          linear(w.get(prefix + "linear1.weight"), w.get(prefix + "linear1.bias"), x1, ff);
      for (int k = 0; k < ff; k++) up[k] = Math.max(0, up[k]);
      double[] m = linear(w.get(prefix + "linear2.weight"), w.get(prefix + "linear2.bias"), up, D);
      for (int k = 0; k < D; k++) m[k] += x1[k];
      out[p] = norm(m, w.get(prefix + "norm2.weight"), w.get(prefix + "norm2.bias"));
    }
    return out;
  }

  private static double[] linear(float[] weight, float[] bias, double[] x, int m) {
    double[] y = new double[m];
    for (int j = 0; j < m; j++) {
      y[j] = bias[j];
      for (int k = 0; k < x.length; k++) y[j] += weight[j * x.length + k] * x[k];
    }
    return y;
  }

  private static double[] norm(double[] x, float[] weight, float[] bias) {
    double mean = 0;
    for (double v : x) mean += v / x.length;
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean) / x.length;
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      y[k] = (x[k] - mean) / Math.sqrt(var + 1e-5) * weight[k] + bias[k];
    }
    return y;
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6})
  void permutingPositionsPermutesOutputs(long seed) throws Exception {
    EncoderClassifier m = model(seed, 0);
    SplittableRandom r = new SplittableRandom(seed);
    int t = 7;
    int w = D + SIDE;
    float[] x = input(r, 1, t);
    int[] perm = new int[t];
    for (int i = 0; i < t; i++) perm[i] = i;
    for (int i = t - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    float[] permuted = new float[x.length];
    for (int p = 0; p < t; p++) System.arraycopy(x, perm[p] * w, permuted, p * w, w);
    float[] out = m.probabilities(x, 1, t);
    float[] outPermuted = m.probabilities(permuted, 1, t);
    for (int p = 0; p < t; p++) {
      assertThat(outPermuted[p * 2 + 1]).isCloseTo(out[perm[p] * 2 + 1], within(1e-5f));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void everyPositionSeesLaterPositions(long seed) throws Exception {
    EncoderClassifier m = model(seed, 0, 64);
    int t = 6;
    float[] x = input(new SplittableRandom(seed), 1, t);
    float[] before = m.probabilities(x, 1, t);
    float[] changed = x.clone();
    for (int k = 0; k < D; k++) changed[(t - 1) * (D + SIDE) + k] += 1.5f;
    float[] after = m.probabilities(changed, 1, t);
    for (int p = 0; p < t - 1; p++) {
      assertThat(Math.abs(after[p * 2 + 1] - before[p * 2 + 1]))
          .as("position %d", p)
          .isGreaterThan(1e-6f);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {9, 10})
  void rowsOfABatchDoNotSeeEachOther(long seed) throws Exception {
    EncoderClassifier m = model(seed, 0);
    SplittableRandom r = new SplittableRandom(seed);
    int t = 5;
    int w = D + SIDE;
    float[] batch = input(r, 3, t);
    float[] alone = java.util.Arrays.copyOf(batch, t * w);
    float[] other = batch.clone();
    for (int i = t * w; i < other.length; i++) other[i] = (float) (3 * r.nextDouble() - 1.5);
    float[] a = m.probabilities(alone, 1, t);
    float[] b = m.probabilities(batch, 3, t);
    float[] c = m.probabilities(other, 3, t);
    for (int i = 0; i < t * 2; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-6f));
      assertThat(c[i]).isCloseTo(a[i], within(1e-6f));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.3})
  void gradientsMatchFiniteDifferences(double dropout) throws Exception {
    EncoderClassifier m = model(11, dropout);
    SplittableRandom r = new SplittableRandom(12);
    int b = 2;
    int t = 4;
    float[] x = input(r, b, t);
    int[] y = {-1, 1, 0, 1, -1, 0, 0, 1};
    long noise = 13;
    m.trainingLoss(x, y, b, t, noise);
    List<Parameter> all = m.parameters();
    float[][] analytic = all.stream().map(p -> p.grad().clone()).toArray(float[][]::new);
    for (int pi = 0; pi < all.size(); pi++) {
      Parameter p = all.get(pi);
      for (int k = 0; k < 3; k++) {
        int i = r.nextInt(p.size());
        double numeric = central(m, p, i, 1e-2f, x, y, b, t, noise);
        if (Math.abs(numeric - analytic[pi][i]) > 3e-4 + 0.03 * Math.abs(numeric)) {
          // A step across a ReLU's kink breaks the difference; a smaller one does not cross it.
          numeric = central(m, p, i, 1e-3f, x, y, b, t, noise);
        }
        assertThat(analytic[pi][i])
            .as("%s[%d] dropout %s", p.name(), i, dropout)
            .isCloseTo((float) numeric, within((float) (3e-4 + 0.03 * Math.abs(numeric))));
      }
    }
  }

  private static double central(
      EncoderClassifier m,
      Parameter p,
      int i,
      float h,
      float[] x,
      int[] y,
      int b,
      int t,
      long noise) {
    float saved = p.data()[i];
    p.data()[i] = saved + h;
    double up = m.trainingLoss(x, y, b, t, noise);
    p.data()[i] = saved - h;
    double down = m.trainingLoss(x, y, b, t, noise);
    p.data()[i] = saved;
    return (up - down) / (2 * h);
  }

  @ParameterizedTest
  @ValueSource(longs = {14, 15})
  void dropoutActsInTrainingOnlyAndIsSeeded(long seed) throws Exception {
    EncoderClassifier m = model(seed, 0.3);
    int b = 2;
    int t = 4;
    float[] x = input(new SplittableRandom(seed), b, t);
    int[] y = {0, 1, 0, 1, 1, 0, 0, 1};
    assertThat(m.loss(x, y, b, t, false)).isEqualTo(m.loss(x, y, b, t, false));
    assertThat(m.trainingLoss(x, y, b, t, 1)).isEqualTo(m.trainingLoss(x, y, b, t, 1));
    assertThat(m.trainingLoss(x, y, b, t, 1)).isNotEqualTo(m.trainingLoss(x, y, b, t, 2));
    // The mask is a function of the seed alone, whatever the threads.
    try (Parallel one = new Parallel(1);
        Parallel three = new Parallel(3)) {
      int n = 100_000;
      Dropout a = Dropout.draw(one, n, 0.1, seed);
      Dropout c = Dropout.draw(three, n, 0.1, seed);
      int kept = 0;
      for (int i = 0; i < n; i++) {
        assertThat(c.kept(i)).isEqualTo(a.kept(i));
        if (a.kept(i)) kept++;
      }
      // Binomial(n, 0.9): within five standard deviations.
      assertThat((double) kept).isCloseTo(0.9 * n, within(5 * Math.sqrt(n * 0.09)));
    }
  }
}
