package io.memtrace.server;

import io.memtrace.tokens.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Texts in and out: the length limit on what is tokenized, and tokens shown one by one. */
final class Texts {
  private Texts() {}

  /** A token sequence and each token decoded alone: the tokenization the pages show. */
  record Tokenization(int[] tokens, List<String> pieces) {}

  static int[] encode(Tokenizer tokenizer, String text, String name, ServeSettings.Limits limits)
      throws RequestException {
    if (text.length() > limits.textChars()) {
      throw RequestException.bad(
          "%s: %,d characters, more than the limit of %,d"
              .formatted(name, text.length(), limits.textChars()));
    }
    return tokenizer.encode(text);
  }

  /**
   * Each token decoded alone; an id past the tokenizer's vocabulary (a model's padded embedding
   * rows, as Pythia's 50,304 against its tokenizer's 50,277) shows as {@code <id N>}.
   */
  static Tokenization pieces(Tokenizer tokenizer, int[] tokens) {
    List<String> pieces = new ArrayList<>(tokens.length);
    for (int t : tokens) {
      pieces.add(t < tokenizer.vocabSize() ? tokenizer.decode(new int[] {t}) : "<id " + t + ">");
    }
    return new Tokenization(tokens, pieces);
  }
}
