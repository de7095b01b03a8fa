package io.memtrace.model.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.BadInputException;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.config.ModelConfig;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.safetensors.SafetensorsWriter;
import io.memtrace.model.safetensors.Tensor;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains a GPT-NeoX model step by step: forward and backward ({@link NeoXStep}), global-norm
 * clipping, the learning-rate schedule of {@link TrainingConfig} and {@link AdamW}. Deterministic
 * for a seed and thread count. Checkpoints are Hugging Face model directories (config.json,
 * model.safetensors, tokenizer.json) plus {@code optimizer.safetensors} (the AdamW moments) and
 * {@code trainer_state.json} (step, losses, hyper-parameters), so a run resumed from a checkpoint
 * continues exactly as if it had never stopped.
 */
public final class Trainer implements AutoCloseable {
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String STATE = "trainer_state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final NeoXParameters params;
  private final TrainingConfig config;
  private final Parallel parallel;
  private final NeoXStep math;
  private final AdamW optimizer;
  private final List<Double> losses = new ArrayList<>();

  private Trainer(NeoXParameters params, TrainingConfig config, int threads, Kernels kernels) {
    this.params = params;
    this.config = config;
    this.parallel = new Parallel(threads);
    this.math = new NeoXStep(params, kernels, parallel);
    this.optimizer = new AdamW(params.all());
  }

  /** A new model initialised from {@code config.seed()}. */
  public static Trainer create(GptNeoXConfig model, TrainingConfig config, int threads)
      throws BadInputException {
    NeoXParameters params = new NeoXParameters(model);
    params.initialize(config.seed(), config.initStd());
    return new Trainer(params, config, threads, Kernels.get());
  }

  /** A model whose initial weights come from a Hugging Face GPT-NeoX checkpoint directory. */
  public static Trainer fromWeights(Path dir, TrainingConfig config, int threads, Kernels kernels)
      throws IOException {
    NeoXParameters params = new NeoXParameters(neoX(dir));
    try (Checkpoint checkpoint = Checkpoint.open(dir)) {
      params.load(checkpoint);
    }
    return new Trainer(params, config, threads, kernels);
  }

  /**
   * Continues the run saved in {@code dir} by {@link #save}: weights, optimizer moments, step and
   * losses. {@code config} must equal the saved run's hyper-parameters.
   */
  public static Trainer resume(Path dir, TrainingConfig config, int threads) throws IOException {
    Trainer t = fromWeights(dir, config, threads, Kernels.get());
    JsonNode state = JSON.readTree(dir.resolve(STATE).toFile());
    TrainingConfig saved = JSON.treeToValue(state.get("config"), TrainingConfig.class);
    if (!saved.equals(config)) {
      throw BadInputException.in(
          dir.resolve(STATE), "saved with " + saved + "; this run has " + config);
    }
    try (Arena arena = Arena.ofConfined()) {
      SafetensorsFile moments = SafetensorsFile.open(dir.resolve(OPTIMIZER), arena);
      List<Parameter> all = t.params.all();
      for (int i = 0; i < all.size(); i++) {
        copy(moments, "exp_avg." + all.get(i).name(), t.optimizer.firstMoment(i));
        copy(moments, "exp_avg_sq." + all.get(i).name(), t.optimizer.secondMoment(i));
      }
    }
    t.optimizer.restore(state.get("step").asLong());
    for (JsonNode l : state.get("losses")) t.losses.add(l.asDouble());
    return t;
  }

  private static GptNeoXConfig neoX(Path dir) throws BadInputException {
    if (ModelConfig.read(dir) instanceof GptNeoXConfig c) return c;
    throw BadInputException.in(dir.resolve("config.json"), "expected a GPTNeoXForCausalLM config");
  }

  private static void copy(SafetensorsFile file, String name, float[] dst) throws IOException {
    Tensor t = file.tensors().containsKey(name) ? file.tensor(name) : null;
    if (t == null || t.info().elements() != dst.length) {
      throw BadInputException.in(file.path(), "missing or mis-sized " + name);
    }
    float[] values = t.toFloats();
    System.arraycopy(values, 0, dst, 0, dst.length);
  }

  /** One optimizer step on a batch of rows; returns the loss before the update. */
  public double step(int[][] rows) {
    double loss = math.run(rows, true);
    optimizer.clip(config.gradClip());
    double lr = config.learningRate(optimizer.step());
    optimizer.update(
        parallel, lr, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
    losses.add(loss);
    return loss;
  }

  /** The loss of a batch at the current weights, without touching gradients or the optimizer. */
  public double loss(int[][] rows) {
    return math.run(rows, false);
  }

  /** The batch of optimizer step {@code step}: rows {@code step · batch ..} in training order. */
  public int[][] batch(TrainingRows rows, long step) {
    int b = config.batchSize();
    int[][] batch = new int[b][rows.rowLength()];
    for (int i = 0; i < b; i++) rows.read(step * b + i, batch[i]);
    return batch;
  }

  public long stepsDone() {
    return optimizer.step();
  }

  public List<Double> losses() {
    return List.copyOf(losses);
  }

  public NeoXParameters parameters() {
    return params;
  }

  public TrainingConfig config() {
    return config;
  }

  /**
   * Writes the checkpoint directory {@code dir} atomically: everything goes to a sibling temporary
   * directory, which is renamed into place; an existing {@code dir} is replaced.
   */
  public void save(Path dir, Path tokenizerJson) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".saving");
    deleteTree(tmp);
    Files.createDirectories(tmp);
    GptNeoXConfig c = params.config();
    Files.writeString(
        tmp.resolve("config.json"),
        JSON.writeValueAsString(NeoXConfigJson.of(c, config.initStd())));
    List<SafetensorsWriter.Entry> weights = new ArrayList<>();
    List<SafetensorsWriter.Entry> moments = new ArrayList<>();
    List<Parameter> all = params.all();
    for (int i = 0; i < all.size(); i++) {
      Parameter p = all.get(i);
      weights.add(SafetensorsWriter.Entry.f32(p.name(), p.data(), p.shape()));
      moments.add(
          SafetensorsWriter.Entry.f32("exp_avg." + p.name(), optimizer.firstMoment(i), p.shape()));
      moments.add(
          SafetensorsWriter.Entry.f32(
              "exp_avg_sq." + p.name(), optimizer.secondMoment(i), p.shape()));
    }
    SafetensorsWriter.write(tmp.resolve(Checkpoint.SINGLE), weights, Map.of("format", "pt"));
    SafetensorsWriter.write(tmp.resolve(OPTIMIZER), moments, Map.of());
    if (tokenizerJson != null) {
      Files.copy(tokenizerJson, tmp.resolve("tokenizer.json"));
      Path tc = tokenizerJson.resolveSibling("tokenizer_config.json");
      if (Files.exists(tc)) Files.copy(tc, tmp.resolve("tokenizer_config.json"));
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", optimizer.step());
    state.put("config", config);
    state.put("losses", losses);
    state.put("parameters", params.count());
    state.put("non_embedding_parameters", params.nonEmbeddingCount());
    Files.writeString(tmp.resolve(STATE), JSON.writeValueAsString(state));
    Path old = dir.resolveSibling(dir.getFileName() + ".old");
    deleteTree(old);
    if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Override
  public void close() {
    parallel.close();
  }
}
