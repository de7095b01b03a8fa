package io.memtrace.studies.memorization;

import io.memtrace.BadInputException;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** The tokens of a row to score: checked against the grid and the model, and as text. */
final class RowTokens {
  private RowTokens() {}

  /** Row {@code id} of {@code store}, checked to hold C + L tokens of the model's vocabulary. */
  static int[] checked(
      TokenStore store, Path path, long id, int c, int longest, String name, int vocab)
      throws IOException {
    int[] tokens = store.sequence(id);
    if (tokens.length < c + longest) {
      throw BadInputException.in(
          path,
          "row "
              + id
              + " has "
              + tokens.length
              + " tokens; C = "
              + c
              + " + L = "
              + longest
              + " needs "
              + (c + longest));
    }
    for (int t = 0; t < c + longest; t++) {
      if (tokens[t] < 0 || tokens[t] >= vocab) {
        throw BadInputException.in(
            path,
            "row "
                + id
                + ", token "
                + t
                + ": id "
                + tokens[t]
                + " is outside the vocabulary of model '"
                + name
                + "' ("
                + vocab
                + " ids)");
      }
    }
    return tokens;
  }

  /**
   * The text of {@code ids} for the zlib score; ids past the tokenizer's vocabulary (the padding
   * rows of a model's embedding, as Pythia's) have none.
   */
  static String text(Tokenizer tokenizer, int[] ids) {
    int vocab = tokenizer.vocabSize();
    return tokenizer.decode(Arrays.stream(ids).filter(id -> id < vocab).toArray());
  }
}
