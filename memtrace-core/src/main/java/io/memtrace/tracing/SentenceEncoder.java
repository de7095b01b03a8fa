package io.memtrace.tracing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel;
import io.memtrace.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An in-process sentence encoder (ONNX Runtime through langchain4j) that maps texts to unit
 * vectors, so a dot product is the cosine study B filters task-gram pairs with. The default is
 * e5-small-v2, an English model; multilingual tasks should bring a multilingual ONNX encoder.
 */
public final class SentenceEncoder {
  /** e5 models expect every text of a symmetric comparison to carry this prefix. */
  private static final String E5_PREFIX = "query: ";

  private final EmbeddingModel model;
  private final String prefix;
  private final String name;

  private SentenceEncoder(EmbeddingModel model, String prefix, String name) {
    this.model = model;
    this.prefix = prefix;
    this.name = name;
  }

  /** intfloat/e5-small-v2, bundled with its tokenizer in the langchain4j artifact. */
  public static SentenceEncoder e5SmallV2() {
    return new SentenceEncoder(new E5SmallV2EmbeddingModel(), E5_PREFIX, "e5-small-v2");
  }

  /**
   * A BERT-style ONNX encoder with mean pooling and its Hugging Face {@code tokenizer.json}.
   *
   * @param prefix prepended to every text (for example "query: " for e5 models; "" for none)
   */
  public static SentenceEncoder onnx(Path model, Path tokenizer, String prefix)
      throws BadInputException {
    for (Path p : List.of(model, tokenizer)) {
      if (!Files.isRegularFile(p)) throw BadInputException.in(p, "no such file");
    }
    try {
      return new SentenceEncoder(
          new OnnxEmbeddingModel(model.toString(), tokenizer.toString(), PoolingMode.MEAN),
          prefix,
          model.getFileName().toString());
    } catch (RuntimeException e) {
      throw BadInputException.in(
          model, "ONNX Runtime cannot load it as a sentence encoder (" + e.getMessage() + ")");
    }
  }

  public String name() {
    return name;
  }

  /** Unit vectors of {@code texts}, in order. */
  public float[][] embed(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(prefix + t)).toList();
    List<Embedding> embeddings = model.embedAll(segments).content();
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] v = embeddings.get(i).vector();
      double norm = 0;
      for (float x : v) norm += (double) x * x;
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < v.length; j++) v[j] *= inv;
      out[i] = v;
    }
    return out;
  }

  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
    return dot;
  }
}
