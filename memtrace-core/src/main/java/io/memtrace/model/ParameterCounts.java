package io.memtrace.model;

/**
 * A checkpoint's parameters, all and without the embeddings and output head (Pythia's way of naming
 * model sizes), counted from its tensors.
 */
public record ParameterCounts(long total, long nonEmbedding) {
  public static ParameterCounts of(LanguageModel lm) {
    long total = 0;
    long embedding = 0;
    for (String t : lm.checkpoint().names()) {
      long e = lm.checkpoint().find(t).info().elements();
      total += e;
      if (t.contains("embed")
          || t.startsWith("lm_head")
          || t.contains(".wte.")
          || t.contains(".wpe.")) {
        embedding += e;
      }
    }
    return new ParameterCounts(total, total - embedding);
  }
}
