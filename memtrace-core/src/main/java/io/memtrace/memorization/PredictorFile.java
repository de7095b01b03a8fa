package io.memtrace.memorization;

import io.memtrace.BadInputException;
import io.memtrace.model.safetensors.SafetensorsFile;
import io.memtrace.model.safetensors.SafetensorsWriter;
import io.memtrace.model.safetensors.Tensor;
import io.memtrace.model.training.Parameter;
import io.memtrace.model.training.TokenClassifier;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained memorization predictor as one safetensors file: the classifier's tensors, the feature
 * standardization ({@code feature.mean}, {@code feature.scale}), and in the metadata the network's
 * shape plus whatever the caller records (model, C, L, seeds), written atomically.
 */
public final class PredictorFile {
  private PredictorFile() {}

  /** A loaded predictor, ready to label standardized features. */
  public record Loaded(
      TokenClassifier model, float[] mean, float[] scale, Map<String, String> metadata) {}

  public static void save(
      Path file, TokenClassifier model, float[] mean, float[] scale, Map<String, String> metadata)
      throws IOException {
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      entries.add(SafetensorsWriter.Entry.f32(p.name(), p.data(), p.shape()));
    }
    entries.add(SafetensorsWriter.Entry.f32("feature.mean", mean, mean.length));
    entries.add(SafetensorsWriter.Entry.f32("feature.scale", scale, scale.length));
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    TokenClassifier.Shape s = model.shape();
    meta.put("format", "memtrace-predictor");
    meta.put(
        "shape",
        s.features()
            + ","
            + s.classes()
            + ","
            + s.width()
            + ","
            + s.layers()
            + ","
            + s.heads()
            + ","
            + s.intermediate()
            + ","
            + s.positions());
    SafetensorsWriter.write(file, entries, meta);
  }

  public static Loaded load(Path file, int threads) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      SafetensorsFile f = SafetensorsFile.open(file, arena);
      Map<String, String> meta = f.metadata();
      if (!"memtrace-predictor".equals(meta.get("format")) || meta.get("shape") == null) {
        throw BadInputException.in(file, "is not a memtrace predictor (no predictor metadata)");
      }
      String[] s = meta.get("shape").split(",");
      TokenClassifier.Shape shape;
      try {
        if (s.length != 7) throw new NumberFormatException(s.length + " fields");
        shape =
            new TokenClassifier.Shape(
                Integer.parseInt(s[0]),
                Integer.parseInt(s[1]),
                Integer.parseInt(s[2]),
                Integer.parseInt(s[3]),
                Integer.parseInt(s[4]),
                Integer.parseInt(s[5]),
                Boolean.parseBoolean(s[6]));
      } catch (NumberFormatException e) {
        throw BadInputException.in(
            file,
            "metadata shape \""
                + meta.get("shape")
                + "\"; expected features,classes,width,"
                + "layers,heads,intermediate,positions");
      }
      TokenClassifier model = new TokenClassifier(shape, threads);
      for (Parameter p : model.parameters()) {
        float[] v = tensor(f, file, p.name(), p.size());
        System.arraycopy(v, 0, p.data(), 0, v.length);
      }
      int features = model.shape().features();
      return new Loaded(
          model,
          tensor(f, file, "feature.mean", features),
          tensor(f, file, "feature.scale", features),
          meta);
    }
  }

  private static float[] tensor(SafetensorsFile f, Path file, String name, int size)
      throws BadInputException {
    if (!f.tensors().containsKey(name) || f.tensors().get(name).elements() != size) {
      throw BadInputException.in(file, "missing or mis-sized tensor " + name + " (" + size + ")");
    }
    Tensor t = f.tensor(name);
    return t.toFloats();
  }
}
