package io.memtrace.studies.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.ParameterCounts;
import io.memtrace.model.WeightsFingerprint;
import io.memtrace.model.suite.Suite;
import io.memtrace.studies.ModelRef;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The models of a results database, one registry for every study:
 *
 * <pre>
 * models(model VARCHAR PRIMARY KEY,  -- name given to a checkpoint, e.g. mini-790k/step300
 *        path VARCHAR,                -- its directory, absolute
 *        family VARCHAR,              -- its suite: sizes x steps of one training setup
 *        parameters BIGINT,           -- counted from its tensors
 *        non_embedding_parameters BIGINT,  -- its size, as Pythia names sizes
 *        step BIGINT,                 -- training step of the checkpoint, when known
 *        tokenizer_sha256 VARCHAR,    -- of its tokenizer.json, when it has one
 *        weights_fingerprint VARCHAR) -- a sampled hash of its safetensors (WeightsFingerprint)
 * </pre>
 *
 * <p>A suite is read from these columns, never from names: models of one family and size at
 * different steps are checkpoints of one run; models of one family at one step and different sizes
 * are the sizes study A compares. The family is the one given ({@code --family}); else, for a
 * checkpoint of a memtrace suite ({@code SUITE/models/NAME/stepK} beside {@code
 * SUITE/suite-config.json}), {@code memtrace-PRESET}; else the architecture of its config.json.
 */
public final class ModelRegistry {
  private static final Pattern STEP = Pattern.compile("step(\\d+)");

  private ModelRegistry() {}

  /**
   * Records a model the first time a study sees it; a name already recorded must point at the same
   * directory holding the same weights and tokenizer (a checkpoint replaced at its path would mix
   * two models' results under one name).
   */
  public static void register(ResultsDatabase db, ModelRef model, LanguageModel lm)
      throws IOException, SQLException {
    String path = model.dir().toAbsolutePath().normalize().toString();
    String weights = WeightsFingerprint.of(model.dir());
    String sha = tokenizerSha(model.dir());
    try (PreparedStatement p =
        db.connection()
            .prepareStatement(
                "SELECT path, weights_fingerprint, tokenizer_sha256 FROM models WHERE model = ?")) {
      p.setString(1, model.name());
      try (ResultSet r = p.executeQuery()) {
        if (r.next()) {
          if (r.getString(1).equals(path)
              && (!weights.equals(r.getString(2)) || !Objects.equals(sha, r.getString(3)))) {
            throw BadInputException.in(
                db.file(),
                "holds results of model '"
                    + model.name()
                    + "' from other weights or another tokenizer than "
                    + path
                    + " has now (the checkpoint was replaced); use another database or model name");
          }
          if (!r.getString(1).equals(path)) {
            throw BadInputException.in(
                db.file(),
                "already holds model '"
                    + model.name()
                    + "' from "
                    + r.getString(1)
                    + ", not "
                    + path
                    + "; use another database");
          }
          return;
        }
      }
    }
    ParameterCounts counts = ParameterCounts.of(lm);
    String family = model.family() != null ? model.family() : family(model.dir(), lm);
    Long step = step(model.dir());
    db.transaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO models VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, model.name());
            p.setString(2, path);
            p.setString(3, family);
            p.setLong(4, counts.total());
            p.setLong(5, counts.nonEmbedding());
            if (step == null) p.setNull(6, java.sql.Types.BIGINT);
            else p.setLong(6, step);
            p.setString(7, sha);
            p.setString(8, weights);
            p.execute();
          }
        });
  }

  /** The directory a registered model was loaded from. */
  public static Path path(ResultsDatabase db, String model) throws IOException, SQLException {
    try (PreparedStatement p =
        db.connection().prepareStatement("SELECT path FROM models WHERE model = ?")) {
      p.setString(1, model);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw BadInputException.in(
              db.file(), "has no model '" + model + "' (see: results export --table models)");
        }
        return Path.of(r.getString(1));
      }
    }
  }

  /** The SHA-256 of the model's tokenizer.json, or null when it has none. */
  public static String tokenizerSha(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("tokenizer.json"))) return null;
    try (Tokenizer t = Tokenizer.load(dir.resolve("tokenizer.json"))) {
      return t.sha256();
    }
  }

  /** The memtrace suite holding the checkpoint, else the architecture of its config. */
  private static String family(Path dir, LanguageModel lm) throws IOException {
    Path d = dir.toAbsolutePath().normalize();
    Path suite = d.getNameCount() >= 3 ? d.getParent().getParent().getParent() : null;
    if (suite != null
        && d.getParent().getParent().getFileName().toString().equals("models")
        && Files.exists(suite.resolve(Suite.CONFIG))) {
      return "memtrace-"
          + new ObjectMapper()
              .readTree(suite.resolve(Suite.CONFIG).toFile())
              .path("preset")
              .path("name")
              .asText();
    }
    return lm.config().architecture();
  }

  /** The step of trainer_state.json (memtrace's checkpoints), else of a directory named stepN. */
  private static Long step(Path dir) throws IOException {
    Path state = dir.resolve("trainer_state.json");
    if (Files.exists(state))
      return new ObjectMapper().readTree(state.toFile()).get("step").asLong();
    var m = STEP.matcher(dir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }
}
