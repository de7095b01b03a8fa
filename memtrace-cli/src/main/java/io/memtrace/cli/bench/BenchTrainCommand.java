package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.config.Activation;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.FmaPeak;
import io.memtrace.model.training.Trainer;
import io.memtrace.model.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training throughput: memtrace's GPT-NeoX training step (forward, backward, clipping, AdamW)
 * against PyTorch CPU eager with torch.optim.AdamW ({@code tools/train_bench.py}) on the same model
 * shapes, batch and thread count, F32.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Training throughput (tokens/s) of GPT-NeoX models of ~1.8M and ~8.9M parameters, memtrace"
          + " vs PyTorch CPU eager + AdamW (tools/train_bench.py), side by side.",
      "Needs a python with torch for the comparison (e.g. Debian's python3-torch), or --no-python."
    })
final class BenchTrainCommand implements Callable<Integer> {
  /** A benchmarked model shape. */
  record Shape(String name, int vocab, int hidden, int layers, int heads) {
    GptNeoXConfig config() {
      return new GptNeoXConfig(
          vocab,
          hidden,
          layers,
          heads,
          4 * hidden,
          2048,
          0.25,
          10000,
          1e-5,
          true,
          Activation.GELU,
          false,
          true,
          List.of(0));
    }
  }

  static final List<Shape> SHAPES =
      List.of(new Shape("1.8M", 4096, 128, 4, 4), new Shape("8.9M", 5120, 256, 8, 8));

  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Python python = new BenchOptions.Python();

  @Option(
      names = "--batch",
      converter = Counts.Positive.class,
      defaultValue = "16",
      description = "Rows per step.")
  int batch;

  @Option(
      names = "--length",
      converter = Counts.Positive.class,
      defaultValue = "129",
      description = "Tokens per row (positions + 1).")
  int length;

  @Option(
      names = "--steps",
      converter = Counts.Positive.class,
      defaultValue = "5",
      description = "Timed steps of each side.")
  int steps;

  @Option(
      names = "--warmup",
      converter = Counts.Positive.class,
      defaultValue = "3",
      description =
          "Untimed steps of each side before the timed ones: compilation, and each side's heap"
              + " growing to its working set (memtrace reuses its step arrays from the first step"
              + " on). Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(
      names = "--work",
      defaultValue = "bench-out/train",
      paramLabel = "DIR",
      description = "Scratch directory. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads.count();
    int positions = batch * (length - 1);
    out.printf(
        "workload: %d rows x %d positions per step, float32, %d threads%n", batch, length - 1, n);
    Files.createDirectories(work);
    double peak = FmaPeak.gflops(n, 2000);
    out.printf("FP32 FMA peak of %d threads: %.1f GFLOP/s (FMA chains on registers)%n", n, peak);
    for (Shape shape : SHAPES) {
      ForwardFlops flops =
          new ForwardFlops(shape.layers(), shape.hidden(), 4 * shape.hidden(), shape.vocab());
      GptNeoXConfig model = shape.config();
      TrainingConfig config = TrainingConfig.of(batch, length, warmup + steps, 1e-3, 1);
      double[] ours = new double[steps];
      try (Trainer t = Trainer.create(model, config, n)) {
        SplittableRandom r = new SplittableRandom(2);
        out.printf(
            "%n%s: %,d parameters (%,d non-embedding)%n",
            shape.name(), t.parameters().count(), t.parameters().nonEmbeddingCount());
        for (int s = 0; s < warmup + steps; s++) {
          int[][] rows = new int[batch][length];
          for (int[] row : rows) for (int j = 0; j < length; j++) row[j] = r.nextInt(shape.vocab());
          long t0 = System.nanoTime();
          double loss = t.step(rows);
          double secs = (System.nanoTime() - t0) / 1e9;
          if (s >= warmup) {
            ours[s - warmup] = positions / secs;
            out.printf(
                "  memtrace step %d: %,.0f tokens/s (loss %.3f)%n",
                s - warmup + 1, ours[s - warmup], loss);
          }
        }
      }
      double m = Timings.median(ours);
      out.printf(
          "  memtrace: median %,.0f tokens/s, %.0f%% of peak (%.1f GFLOP a step)%n",
          m,
          100 * flops.shareOfPeak(batch, length - 1, 3, m, peak),
          3 * flops.of(batch, length - 1) / 1e9);
      if (python.off()) continue;
      double[] theirs = runPython(shape, n, positions);
      double h = Timings.median(theirs);
      out.printf(
          "  PyTorch CPU eager + AdamW (OpenBLAS: %s): median %,.0f tokens/s, %.0f%% of peak%n",
          python.describe(), h, 100 * flops.shareOfPeak(batch, length - 1, 3, h, peak));
      out.printf("  ratio memtrace / PyTorch: %.2fx%n", m / h);
    }
    return 0;
  }

  private double[] runPython(Shape shape, int n, int positions) throws Exception {
    String exe = python.withTorch();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("vocab_size", shape.vocab());
    c.put("hidden_size", shape.hidden());
    c.put("num_hidden_layers", shape.layers());
    c.put("num_attention_heads", shape.heads());
    c.put("intermediate_size", 4 * shape.hidden());
    c.put("rotary_pct", 0.25);
    Path config = work.resolve("config-" + shape.name() + ".json");
    Files.writeString(config, new ObjectMapper().writeValueAsString(c));
    List<String> cmd =
        List.of(
            exe,
            BenchScoreCommand.home().resolve("tools/train_bench.py").toString(),
            config.toString(),
            "--batch",
            Integer.toString(batch),
            "--length",
            Integer.toString(length),
            "--threads",
            Integer.toString(n),
            "--steps",
            Integer.toString(steps),
            "--warmup",
            Integer.toString(warmup));
    Process p = python.process(cmd).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("the PyTorch side failed (" + String.join(" ", cmd) + ")");
    }
    List<Double> rates = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : stdout.strip().split("\n")) {
      double rate = positions / json.readTree(line).get("seconds").asDouble();
      rates.add(rate);
      spec.commandLine().getOut().printf("  PyTorch step %d: %,.0f tokens/s%n", rates.size(), rate);
    }
    return rates.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
