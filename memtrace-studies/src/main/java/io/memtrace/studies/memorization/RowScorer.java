package io.memtrace.studies.memorization;

import io.memtrace.BadInputException;
import io.memtrace.memorization.Memorizer;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.results.ModelRegistry;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One model opened for study A's scoring: its weights (memory-mapped, packed when small), its
 * tokenizer and a {@link Memorizer}. {@link MemorizationRunner} scores its batches through it, and
 * so does a Spark executor, which opens each model once and shares it between its tasks: calls take
 * turns ({@link LanguageModel} runs one call at a time, spread over its own threads).
 */
public final class RowScorer implements AutoCloseable {
  private final ModelRef model;
  private final LanguageModel lm;
  private final Tokenizer tokenizer;
  private final String tokenizerSha;
  private final Memorizer memorizer;

  private RowScorer(ModelRef model, LanguageModel lm, Tokenizer tokenizer, boolean eos, int topK)
      throws IOException {
    this.model = model;
    this.lm = lm;
    this.tokenizer = tokenizer;
    this.tokenizerSha = ModelRegistry.tokenizerSha(model.dir());
    this.memorizer =
        new Memorizer(
            lm,
            eos ? lm.config().eosTokenIds() : List.of(),
            topK,
            ids -> RowTokens.text(tokenizer, ids));
  }

  /**
   * Opens {@code model} to run on {@code threads} threads.
   *
   * @param eosSuppressed EOS suppressed until L tokens are generated (Pythia's {@code min_length})
   * @param topK the k of top-k sampling whose extraction probability is also scored; 0 for none
   */
  public static RowScorer open(ModelRef model, int threads, boolean eosSuppressed, int topK)
      throws IOException {
    Path tokenizerFile = model.dir().resolve("tokenizer.json");
    if (!Files.exists(tokenizerFile)) {
      throw BadInputException.in(
          model.dir(), "has no tokenizer.json (the zlib membership score needs the text)");
    }
    LanguageModel lm = LanguageModel.load(model.dir(), threads);
    try {
      Tokenizer tokenizer = Tokenizer.load(tokenizerFile);
      try {
        // Greedy continuations decode token by token: small models run faster packed.
        lm.packWeights(Runtime.getRuntime().maxMemory() / 8);
        return new RowScorer(model, lm, tokenizer, eosSuppressed, topK);
      } catch (IOException | RuntimeException e) {
        tokenizer.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      lm.close();
      throw e;
    }
  }

  public ModelRef ref() {
    return model;
  }

  public LanguageModel model() {
    return lm;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** SHA-256 of the model's tokenizer.json. */
  public String tokenizerSha() {
    return tokenizerSha;
  }

  /**
   * Scores rows {@code ids} of {@code store} (at {@code path}, for messages) for context {@code c}
   * and every continuation size in {@code ls}: one array of rows per size, in the order of {@code
   * ls}.
   *
   * @throws BadInputException if a row is shorter than C + the largest L or holds a token outside
   *     the model's vocabulary
   */
  public synchronized RowMemorization[][] score(
      TokenStore store, Path path, long[] ids, int c, int[] ls) throws IOException {
    int longest = Arrays.stream(ls).max().orElseThrow();
    int[][] tokens = new int[ids.length][];
    for (int k = 0; k < ids.length; k++) {
      tokens[k] = RowTokens.checked(store, path, ids[k], c, longest, model.name(), lm.vocabSize());
    }
    return memorizer.run(ids, tokens, c, ls);
  }

  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      lm.close();
    }
  }
}
