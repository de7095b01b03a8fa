package io.memtrace.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.config.Activation;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoints, resumption and finite differences of the training engine. */
class TrainerTest {
  static final int VOCAB = 259; // the fixtures' byte-level tokenizer

  static GptNeoXConfig tiny(boolean parallel) {
    return new GptNeoXConfig(
        VOCAB,
        24,
        2,
        3,
        40,
        64,
        0.25,
        10000,
        1e-5,
        parallel,
        Activation.GELU,
        false,
        true,
        List.of(0));
  }

  static int[][] rows(long seed, int count, int length) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] rows = new int[count][length];
    for (int[] row : rows) for (int j = 0; j < length; j++) row[j] = r.nextInt(VOCAB);
    return rows;
  }

  static Path tokenizer() throws Exception {
    return TrainingReferenceTest.dir("neox-train-parallel").resolve("tokenizer.json");
  }

  @Test
  void savedCheckpointLoadsInTheEngineWithTheSameLoss(@TempDir Path tmp) throws Exception {
    TrainingConfig config = TrainingConfig.of(4, 12, 5, 3e-3, 7);
    int[][] eval = rows(99, 3, 12);
    try (Trainer t = Trainer.create(tiny(true), config, 2)) {
      for (int s = 0; s < 5; s++) t.step(rows(s, 4, 12));
      Path dir = tmp.resolve("step5");
      t.save(dir, tokenizer());
      double expected = t.loss(eval);
      try (LanguageModel lm = LanguageModel.load(dir, 2)) {
        RowScores[] scores = lm.score(eval, ScoreOptions.DEFAULT);
        double sum = 0;
        int n = 0;
        for (RowScores s : scores) {
          for (float lp : s.targetLogprob()) {
            sum -= lp;
            n++;
          }
        }
        assertThat(sum / n).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
          .containsExactly("step5");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void resumedRunEqualsUninterruptedRun(boolean parallel, @TempDir Path tmp) throws Exception {
    TrainingConfig config = TrainingConfig.of(3, 9, 6, 5e-3, 11);
    float[][] straight;
    try (Trainer t = Trainer.create(tiny(parallel), config, 2)) {
      for (int s = 0; s < 6; s++) t.step(rows(100 + s, 3, 9));
      straight = snapshot(t);
    }
    try (Trainer t = Trainer.create(tiny(parallel), config, 2)) {
      for (int s = 0; s < 3; s++) t.step(rows(100 + s, 3, 9));
      t.save(tmp.resolve("step3"), null);
    }
    try (Trainer t = Trainer.resume(tmp.resolve("step3"), config, 1)) {
      assertThat(t.stepsDone()).isEqualTo(3);
      for (int s = 3; s < 6; s++) t.step(rows(100 + s, 3, 9));
      assertThat(snapshot(t)).isDeepEqualTo(straight);
      assertThat(t.losses()).hasSize(6);
    }
    TrainingConfig other = TrainingConfig.of(3, 9, 7, 5e-3, 11);
    assertThatThrownBy(() -> Trainer.resume(tmp.resolve("step3"), other, 1))
        .hasMessageContaining("trainer_state.json");
  }

  private static float[][] snapshot(Trainer t) {
    return t.parameters().all().stream().map(p -> p.data().clone()).toArray(float[][]::new);
  }

  /** Central differences of the loss against the analytic gradient, for every tensor. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gradientsMatchFiniteDifferences(boolean parallel) throws Exception {
    NeoXParameters params = new NeoXParameters(tiny(parallel));
    params.initialize(5, 0.3);
    SplittableRandom r = new SplittableRandom(6);
    for (Parameter p : params.all()) {
      if (p.shape().length == 1) {
        for (int i = 0; i < p.size(); i++) p.data()[i] += (float) (0.2 * r.nextDouble() - 0.1);
      }
    }
    int[][] batch = rows(8, 2, 7);
    try (Parallel team = new Parallel(1)) {
      NeoXStep step = new NeoXStep(params, Kernels.scalar(), team);
      step.run(batch, true);
      float[][] analytic = params.all().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
      List<Parameter> all = params.all();
      for (int pi = 0; pi < all.size(); pi++) {
        Parameter p = all.get(pi);
        for (int i : probes(analytic[pi], r)) {
          float saved = p.data()[i];
          float h = 1e-2f;
          p.data()[i] = saved + h;
          double up = step.run(batch, false);
          p.data()[i] = saved - h;
          double down = step.run(batch, false);
          p.data()[i] = saved;
          double numeric = (up - down) / (2 * h);
          assertThat(analytic[pi][i])
              .as("%s[%d]", p.name(), i)
              .isCloseTo(
                  (float) numeric,
                  org.assertj.core.data.Offset.offset((float) (3e-4 + 0.03 * Math.abs(numeric))));
        }
      }
    }
  }

  /** The three entries of largest gradient (where a wrong sign or index shows) and two random. */
  private static int[] probes(float[] grad, SplittableRandom r) {
    Integer[] order = new Integer[grad.length];
    for (int i = 0; i < grad.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(grad[b]), Math.abs(grad[a])));
    return new int[] {
      order[0],
      order[Math.min(1, grad.length - 1)],
      order[Math.min(2, grad.length - 1)],
      r.nextInt(grad.length),
      r.nextInt(grad.length)
    };
  }
}
