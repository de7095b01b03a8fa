package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaTest {
  @Test
  void pcaOfPlanarPointsPreservesDistances() {
    SplittableRandom r = new SplittableRandom(4);
    int d = 12;
    double[] u = new double[d];
    double[] v = new double[d];
    double[] o = new double[d];
    for (int i = 0; i < d; i++) {
      u[i] = r.nextGaussian();
      v[i] = r.nextGaussian();
      o[i] = r.nextGaussian();
    }
    float[][] points = new float[15][d];
    for (float[] p : points) {
      double a = 3 * r.nextGaussian();
      double b = r.nextGaussian();
      for (int i = 0; i < d; i++) p[i] = (float) (o[i] + a * u[i] + b * v[i]);
    }
    double[][] xy = Pca.project(points, 2);
    for (int i = 0; i < points.length; i++) {
      for (int j = 0; j < points.length; j++) {
        double full = 0;
        for (int k = 0; k < d; k++) full += Math.pow(points[i][k] - points[j][k], 2);
        double plane = Math.pow(xy[i][0] - xy[j][0], 2) + Math.pow(xy[i][1] - xy[j][1], 2);
        assertThat(Math.sqrt(plane)).isCloseTo(Math.sqrt(full), within(1e-3));
      }
    }
  }
}
