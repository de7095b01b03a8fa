package io.memtrace.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The token classifier's gradients against central differences, unlabelled positions included; its
 * attention is causal, within a row.
 */
class TokenClassifierTest {
  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    for (boolean positions : new boolean[] {true, false}) {
      TokenClassifier model =
          new TokenClassifier(new TokenClassifier.Shape(3, 2, 8, 2, 2, 16, positions), 1);
      model.initialize(5, 0.3);
      SplittableRandom r = new SplittableRandom(6);
      for (Parameter p : model.parameters()) {
        if (p.shape().length == 1) {
          for (int i = 0; i < p.size(); i++) p.data()[i] += (float) (0.2 * r.nextDouble() - 0.1);
        }
      }
      int b = 2;
      int t = 5;
      float[] x = new float[b * t * 3];
      for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
      int[] y = {0, 1, -1, 1, 0, 1, 1, 0, -1, 0};
      model.loss(x, y, b, t, true);
      List<Parameter> all = model.parameters();
      float[][] analytic = all.stream().map(p -> p.grad().clone()).toArray(float[][]::new);
      for (int pi = 0; pi < all.size(); pi++) {
        Parameter p = all.get(pi);
        for (int k = 0; k < 3; k++) {
          int i = r.nextInt(p.size());
          float saved = p.data()[i];
          float h = 1e-2f;
          p.data()[i] = saved + h;
          double up = model.loss(x, y, b, t, false);
          p.data()[i] = saved - h;
          double down = model.loss(x, y, b, t, false);
          p.data()[i] = saved;
          double numeric = (up - down) / (2 * h);
          assertThat(analytic[pi][i])
              .as("%s[%d] positions=%s", p.name(), i, positions)
              .isCloseTo(
                  (float) numeric,
                  org.assertj.core.data.Offset.offset((float) (3e-4 + 0.03 * Math.abs(numeric))));
        }
      }
    }
  }

  @Test
  void unlabelledPositionsDoNotCount() throws Exception {
    TokenClassifier model =
        new TokenClassifier(new TokenClassifier.Shape(2, 2, 8, 1, 2, 16, true), 1);
    model.initialize(1, 0.3);
    float[] x = new float[1 * 4 * 2];
    for (int i = 0; i < x.length; i++) x[i] = i * 0.1f;
    float[] p = model.probabilities(x, 1, 4);
    // Mean cross-entropy over the two labelled positions only: -(ln p1[1] + ln p3[0]) / 2.
    double expected = -(Math.log(p[1 * 2 + 1]) + Math.log(p[3 * 2])) / 2;
    assertThat(model.loss(x, new int[] {-1, 1, -1, 0}, 1, 4, false))
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void eachPositionSeesOnlyItselfAndEarlierPositionsOfItsRow() throws Exception {
    TokenClassifier model =
        new TokenClassifier(new TokenClassifier.Shape(3, 2, 8, 2, 2, 16, true), 1);
    model.initialize(2, 0.3);
    SplittableRandom r = new SplittableRandom(3);
    int b = 2;
    int t = 6;
    float[] x = new float[b * t * 3];
    for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
    float[] before = model.probabilities(x, b, t);
    for (int changed = 0; changed < t; changed++) {
      float[] y = x.clone();
      for (int k = 0; k < 3; k++) y[changed * 3 + k] += 1.5f; // row 0, position `changed`
      float[] after = model.probabilities(y, b, t);
      for (int p = 0; p < t; p++) {
        float d0 = Math.abs(after[p * 2 + 1] - before[p * 2 + 1]);
        if (p < changed) assertThat(d0).as("p %d, changed %d", p, changed).isEqualTo(0f);
        if (p == changed) assertThat(d0).as("p %d", p).isGreaterThan(0f);
        // Row 1 never sees row 0.
        assertThat(after[(t + p) * 2 + 1]).isEqualTo(before[(t + p) * 2 + 1]);
      }
    }
  }
}
