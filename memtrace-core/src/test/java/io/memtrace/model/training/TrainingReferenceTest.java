package io.memtrace.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.tensor.Kernels;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training engine against PyTorch (tools/train_fixtures.py): autograd's loss and gradients at
 * the initial weights, and the weights after several steps of torch's AdamW with gradient clipping
 * and memtrace's schedule, for parallel and sequential residuals, with both kernel implementations.
 */
class TrainingReferenceTest {
  static Path dir(String name) throws Exception {
    return Path.of(
        TrainingReferenceTest.class.getResource("/io/memtrace/model/training/" + name).toURI());
  }

  static TrainingConfig hyper(Map<String, String> m, int batch, int length) {
    return new TrainingConfig(
        batch,
        length,
        Long.parseLong(m.get("steps")),
        Double.parseDouble(m.get("max_lr")),
        Double.parseDouble(m.get("min_lr")),
        Long.parseLong(m.get("warmup")),
        Double.parseDouble(m.get("weight_decay")),
        Double.parseDouble(m.get("beta1")),
        Double.parseDouble(m.get("beta2")),
        Double.parseDouble(m.get("eps")),
        Double.parseDouble(m.get("clip")),
        0,
        0.02);
  }

  @ParameterizedTest
  @CsvSource({
    "neox-train-parallel, vector, 2",
    "neox-train-parallel, scalar, 1",
    "neox-train-sequential, vector, 2",
    "neox-train-sequential, scalar, 3"
  })
  void matchesPyTorch(String name, String kernels, int threads) throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      SafetensorsFile golden = SafetensorsFile.open(dir(name + ".golden.safetensors"), arena);
      long[] shape = golden.tensor("rows").info().shape(); // (steps, batch, length)
      int steps = (int) shape[0];
      int batch = (int) shape[1];
      int length = (int) shape[2];
      int[] flat = golden.tensor("rows").toInts();
      float[] losses = golden.tensor("loss").toFloats();
      TrainingConfig config = hyper(golden.metadata(), batch, length);
      Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.get();
      try (Trainer trainer = Trainer.fromWeights(dir(name), config, threads, k)) {
        for (int s = 0; s < steps; s++) {
          int[][] rows = new int[batch][length];
          for (int b = 0; b < batch; b++) {
            System.arraycopy(flat, (s * batch + b) * length, rows[b], 0, length);
          }
          if (s == 0) {
            double loss =
                new NeoXStep(trainer.parameters(), k, new io.memtrace.model.tensor.Parallel(1))
                    .run(rows, true);
            assertThat(loss).as("loss at step 0").isCloseTo(losses[0], within(1e-5));
            for (Parameter p : trainer.parameters().all()) {
              assertClose(
                  "grad of " + p.name(),
                  p.grad(),
                  golden.tensor("grad." + p.name()).toFloats(),
                  2e-5);
            }
          }
          double loss = trainer.step(rows);
          assertThat(loss).as("loss at step " + s).isCloseTo(losses[s], within(1e-5));
        }
        // Key-bias entries outside the rotary dimensions shift all scores of a query equally, so
        // their true gradient is 0 and both sides hold rounding noise, which Adam's normalisation
        // turns into steps of up to lr: there the weights may differ by the sum of the rates.
        double noiseSteps = 0;
        for (int s = 0; s < steps; s++) noiseSteps += 2 * config.learningRate(s);
        for (Parameter p : trainer.parameters().all()) {
          float[] grad0 = golden.tensor("grad." + p.name()).toFloats();
          float[] expected = golden.tensor("final." + p.name()).toFloats();
          float[] actual = p.data().clone();
          for (int i = 0; i < grad0.length; i++) {
            if (Math.abs(grad0[i]) < 1e-7 && Math.abs(actual[i] - expected[i]) <= noiseSteps) {
              actual[i] = expected[i];
            }
          }
          assertClose(p.name() + " after training", actual, expected, 2e-5);
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  static void assertClose(String what, float[] actual, float[] expected, double tol) {
    assertThat(actual).as(what + " size").hasSize(expected.length);
    double scale = 0;
    for (float e : expected) scale = Math.max(scale, Math.abs(e));
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      if (diff > tol * Math.max(1, scale)) {
        throw new AssertionError(
            what
                + "["
                + i
                + "]: "
                + actual[i]
                + " vs "
                + expected[i]
                + " (max |value| "
                + scale
                + ")");
      }
    }
  }
}
