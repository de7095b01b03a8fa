package io.memtrace.model.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.BadInputException;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.training.Trainer;
import io.memtrace.model.training.TrainingConfig;
import io.memtrace.model.training.TrainingRows;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Trains a {@link SuitePreset} into a directory:
 *
 * <pre>
 * DIR/suite-config.json         the preset and the hash of preset + tokenizer + corpus (first)
 * DIR/tokenizer/                tokenizer.json (+ tokenizer_config.json)
 * DIR/rows.{bin,idx,meta.json}  training rows in training order ({@link SuiteRows})
 * DIR/heldout.{bin,idx,meta.json}  rows of the corpus no model trained on ({@link SuiteRows})
 * DIR/duplicates.json           planted passages ({@link DuplicateManifest})
 * DIR/models/NAME/stepK/        Hugging Face checkpoints after step K (+ optimizer state)
 * DIR/suite.json                the finished suite: sizes, parameters, losses (last)
 * </pre>
 *
 * A finished directory with the same hash is reused as is; a directory holding anything else is
 * refused before any work starts; an interrupted run continues from each model's last checkpoint.
 * Models train concurrently, one thread each, so results do not depend on the thread count.
 */
public final class Suite {
  public static final String CONFIG = "suite-config.json";
  public static final String MANIFEST = "suite.json";
  public static final String ROWS = "rows";
  public static final String HELD_OUT = "heldout";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** Reports training progress: a model finished {@code step} with {@code loss}. */
  public interface Listener {
    void step(String model, long step, double loss);
  }

  /** What {@code suite-config.json} records. */
  public record Config(String hash, SuitePreset preset, String tokenizerSha256, String corpus) {}

  /** One trained model of the manifest. */
  public record Model(
      String name,
      int hidden,
      int layers,
      int heads,
      long parameters,
      long nonEmbeddingParameters,
      double finalLoss,
      List<Integer> checkpointSteps,
      String finalCheckpoint) {}

  /**
   * {@code suite.json}.
   *
   * @param heldOut the store of rows never trained on, relative to the suite ({@link #HELD_OUT})
   * @param heldOutRows its rows
   */
  public record Manifest(
      String hash,
      String preset,
      int batch,
      int rowLength,
      int steps,
      List<Model> models,
      String heldOut,
      int heldOutRows) {}

  private Suite() {}

  /** Reads a finished suite's manifest. */
  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.exists(file))
      throw BadInputException.in(dir, "not a finished suite (no suite.json)");
    return JSON.readValue(file.toFile(), Manifest.class);
  }

  /** Trains (or reuses) the suite; returns its manifest. */
  public static Manifest train(
      SuitePreset preset,
      Path tokenizerJson,
      Path corpusPrefix,
      Path dir,
      int threads,
      Listener listener)
      throws IOException {
    String tokSha;
    int vocab;
    int eos;
    try (Tokenizer tok = Tokenizer.load(tokenizerJson)) {
      tokSha = tok.sha256();
      vocab = tok.vocabSize();
      eos = tok.eosId().orElse(0);
    }
    StoreMetadata corpusMeta = StoreMetadata.readIfPresent(corpusPrefix);
    if (corpusMeta != null && !tokSha.equals(corpusMeta.tokenizerSha256())) {
      throw BadInputException.in(
          corpusPrefix, "was tokenized with another tokenizer than " + tokenizerJson);
    }
    for (SuitePreset.Size s : preset.sizes()) check(s, vocab, preset.rowLength());
    try (TokenStore corpus = TokenStore.open(corpusPrefix)) {
      SuiteRows.check(corpus, preset);
      String corpusId = corpus + " " + corpus.tokenCount() + " tokens";
      String hash = hash(JSON.writeValueAsString(preset) + tokSha + corpusId);
      Path manifestFile = dir.resolve(MANIFEST);
      if (Files.exists(manifestFile)) {
        Manifest m = read(dir);
        if (m.hash().equals(hash)) return m;
        throw BadInputException.in(dir, "holds a suite of another configuration (hash differs)");
      }
      Path configFile = dir.resolve(CONFIG);
      if (Files.exists(configFile)) {
        Config c = JSON.readValue(configFile.toFile(), Config.class);
        if (!c.hash().equals(hash)) {
          throw BadInputException.in(dir, "holds a partial suite of another configuration");
        }
      } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
        throw BadInputException.in(dir, "is not empty and holds no suite");
      } else {
        Files.createDirectories(dir);
        AtomicWrite.write(
            configFile, o -> JSON.writeValue(o, new Config(hash, preset, tokSha, corpusId)));
      }
      Path tokDir = dir.resolve("tokenizer");
      Files.createDirectories(tokDir);
      Files.copy(
          tokenizerJson,
          tokDir.resolve("tokenizer.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path tc = tokenizerJson.resolveSibling("tokenizer_config.json");
      if (Files.exists(tc)) {
        Files.copy(
            tc,
            tokDir.resolve("tokenizer_config.json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Path rows = dir.resolve(ROWS);
      if (!Files.exists(dir.resolve(DuplicateManifest.FILE))) {
        DuplicateManifest planted =
            SuiteRows.build(corpus, corpusMeta, vocab, preset, rows, dir.resolve(HELD_OUT));
        planted.write(dir.resolve(DuplicateManifest.FILE));
      }
      List<Model> models = trainAll(preset, dir, vocab, eos, threads, listener);
      Manifest m =
          new Manifest(
              hash,
              preset.name(),
              preset.batch(),
              preset.rowLength(),
              preset.steps(),
              models,
              HELD_OUT,
              preset.heldOutRows());
      AtomicWrite.write(manifestFile, o -> JSON.writeValue(o, m));
      return m;
    }
  }

  private static List<Model> trainAll(
      SuitePreset preset, Path dir, int vocab, int eos, int threads, Listener listener)
      throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(threads, preset.sizes().size())));
    try (TokenStore store = TokenStore.open(dir.resolve(ROWS))) {
      TrainingRows rows = TrainingRows.of(store);
      // Largest first: the longest job starts at once and the small ones share the other
      // threads, instead of the largest running alone at the end.
      List<Future<Model>> running = new ArrayList<>();
      for (int i = 0; i < preset.sizes().size(); i++) running.add(null);
      for (int i = preset.sizes().size() - 1; i >= 0; i--) {
        int index = i;
        running.set(i, pool.submit(() -> trainOne(preset, index, dir, rows, vocab, eos, listener)));
      }
      List<Model> models = new ArrayList<>();
      for (Future<Model> f : running) {
        try {
          models.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io) throw io;
          if (e.getCause() instanceof RuntimeException r) throw r;
          throw new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      return models;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Model trainOne(
      SuitePreset preset,
      int index,
      Path dir,
      TrainingRows rows,
      int vocab,
      int eos,
      Listener listener)
      throws IOException {
    SuitePreset.Size size = preset.sizes().get(index);
    GptNeoXConfig model = size.config(vocab, preset.rowLength(), eos);
    TrainingConfig config =
        new TrainingConfig(
            preset.batch(),
            preset.rowLength(),
            preset.steps(),
            size.maxLr(),
            preset.minLr(),
            Math.max(1, preset.steps() / 10),
            0.01,
            0.9,
            0.95,
            1e-8,
            1.0,
            preset.seed() + index,
            0.02);
    Path modelDir = dir.resolve("models").resolve(size.name());
    Path tokenizer = dir.resolve("tokenizer").resolve("tokenizer.json");
    Integer resumeFrom = null;
    for (int step : preset.checkpoints()) {
      if (Files.exists(checkpoint(modelDir, step).resolve(Trainer.STATE))) resumeFrom = step;
    }
    try (Trainer t =
        resumeFrom == null
            ? Trainer.create(model, config, 1)
            : Trainer.resume(checkpoint(modelDir, resumeFrom), config, 1)) {
      for (long s = t.stepsDone(); s < preset.steps(); s++) {
        double loss = t.step(t.batch(rows, s));
        listener.step(size.name(), s + 1, loss);
        if (preset.checkpoints().contains((int) (s + 1))) {
          t.save(checkpoint(modelDir, (int) (s + 1)), tokenizer);
        }
      }
      List<Double> losses = t.losses();
      int tail = Math.max(1, Math.min(10, losses.size()));
      double last = 0;
      for (int i = losses.size() - tail; i < losses.size(); i++) last += losses.get(i);
      return new Model(
          size.name(),
          size.hidden(),
          size.layers(),
          size.heads(),
          t.parameters().count(),
          t.parameters().nonEmbeddingCount(),
          last / tail,
          preset.checkpoints(),
          dir.relativize(checkpoint(modelDir, preset.steps())).toString());
    }
  }

  /**
   * Every checkpoint directory of a finished suite at {@code dir} that is present, by model in the
   * manifest's order (smallest first), then by step.
   */
  public static List<Path> checkpoints(Path dir) throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (Model m : read(dir).models()) {
      for (int step : m.checkpointSteps()) {
        Path c = checkpoint(dir.resolve("models").resolve(m.name()), step);
        if (Files.isDirectory(c)) out.add(c);
      }
    }
    if (out.isEmpty()) throw BadInputException.in(dir, "a suite without checkpoints on disk");
    return out;
  }

  public static Path checkpoint(Path modelDir, int step) {
    return modelDir.resolve("step" + step);
  }

  private static void check(SuitePreset.Size s, int vocab, int rowLength) throws BadInputException {
    if (s.hidden() % s.heads() != 0) {
      throw new BadInputException(
          "model "
              + s.name()
              + ": "
              + s.heads()
              + " heads do not divide hidden size "
              + s.hidden());
    }
    int hd = s.hidden() / s.heads();
    if (((int) (hd * 0.25)) % 2 != 0) {
      throw new BadInputException(
          "model " + s.name() + ": head size " + hd + " gives an odd number of rotary dimensions");
    }
    if (vocab < 2) throw new BadInputException("tokenizer vocabulary of " + vocab);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes("UTF-8")));
    } catch (NoSuchAlgorithmException | java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
