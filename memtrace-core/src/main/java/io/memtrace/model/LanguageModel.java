package io.memtrace.model;

import io.memtrace.model.arch.Architectures;
import io.memtrace.model.arch.Weights;
import io.memtrace.model.blocks.Context;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.ModelConfig;
import io.memtrace.model.engine.Batch;
import io.memtrace.model.engine.HiddenStateSink;
import io.memtrace.model.engine.KvCache;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.MatMul;
import io.memtrace.model.tensor.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A causal language model from a Hugging Face directory, run on the CPU: teacher-forced scoring
 * with per-position statistics, hidden states, and greedy decoding with a KV cache. Weights stay
 * memory-mapped and are never copied whole (a BF16 checkpoint stays BF16 in memory), unless {@link
 * #packWeights} asks for decoded copies; computation is float32 whatever the storage type.
 *
 * <p>One call at a time: each call spreads its work over the model's own threads.
 */
public final class LanguageModel implements AutoCloseable {
  private final Path dir;
  private final ModelConfig config;
  private final Checkpoint checkpoint;
  private final Transformer transformer;
  private final Parallel parallel;
  private final MatMul matmul;
  private final LogitReducer reducer;

  private LanguageModel(
      Path dir,
      ModelConfig config,
      Checkpoint checkpoint,
      Transformer transformer,
      int threads,
      Kernels kernels) {
    this.dir = dir;
    this.config = config;
    this.checkpoint = checkpoint;
    this.transformer = transformer;
    this.parallel = new Parallel(threads);
    this.matmul = new MatMul(kernels, parallel);
    this.reducer = new LogitReducer(transformer.outputProjection(), dir.toString());
  }

  /** Loads {@code dir} to run on all available processors. */
  public static LanguageModel load(Path dir) throws IOException {
    return load(dir, Runtime.getRuntime().availableProcessors());
  }

  public static LanguageModel load(Path dir, int threads) throws IOException {
    return load(dir, threads, Kernels.get());
  }

  /** Loads {@code dir} to run on {@code threads} threads with the given kernels. */
  public static LanguageModel load(Path dir, int threads, Kernels kernels) throws IOException {
    ModelConfig config = ModelConfig.read(dir);
    Checkpoint checkpoint = Checkpoint.open(dir);
    try {
      Transformer t = Architectures.build(config, new Weights(checkpoint));
      return new LanguageModel(dir, config, checkpoint, t, threads, kernels);
    } catch (IOException | RuntimeException e) {
      checkpoint.close();
      throw e;
    }
  }

  /**
   * Keeps every weight matrix decoded to float32 and laid out for the matrix product once, when the
   * whole model's float32 copy fits in {@code maxBytes}; returns whether it does. Decoding a few
   * tokens at a time (study A's greedy continuations) then costs the product alone instead of a
   * fresh layout of every weight per token — worth it for small models, whose products are short;
   * large ones stay mapped.
   */
  public boolean packWeights(long maxBytes) {
    long bytes = 0;
    for (String name : checkpoint.names()) bytes += checkpoint.find(name).info().elements() * 4;
    if (bytes > maxBytes) return false;
    matmul.keepPacked(maxBytes);
    return true;
  }

  public Path dir() {
    return dir;
  }

  public ModelConfig config() {
    return config;
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  public int vocabSize() {
    return transformer.vocab();
  }

  public int layers() {
    return transformer.layers();
  }

  public int threads() {
    return parallel.threads();
  }

  /** Which kernels run the hot loops ({@code vector-512}, {@code scalar}, ...). */
  public String kernels() {
    return matmul.kernels().name();
  }

  /** An empty cache for {@code rows} rows. */
  public KvCache newCache(int rows) {
    return new KvCache(
        rows, config.layers(), config.kvHeads(), config.headDim(), matmul.kernels().rowBlock());
  }

  /** Teacher-forced statistics of each row (see {@link RowScores}) from a fresh cache. */
  public RowScores[] score(int[][] rows, ScoreOptions options) {
    return score(newCache(rows.length), rows, options);
  }

  /**
   * Teacher-forced statistics of each row after what {@code cache} holds for it (usually nothing);
   * the cache keeps the rows' keys and values, so decoding can continue from any prefix of them
   * after {@link KvCache#truncate}. A row may end one token past {@code max_position_embeddings}:
   * that token is only predicted, so it is not fed, and the cache and hidden states stop before it.
   */
  public RowScores[] score(KvCache cache, int[][] rows, ScoreOptions options) {
    for (int r = 0; r < rows.length; r++) checkLength(r, (long) cache.length(r) + rows[r].length);
    checkTokens(rows); // a last token left unfed is still a target
    int[][] fed = withinPositions(cache, rows);
    int total = 0;
    for (int[] row : rows) total += Math.max(0, row.length - 1);
    int[] at = new int[total];
    int[] targets = new int[total];
    int flat = 0;
    int p = 0;
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i + 1 < rows[r].length; i++) {
        at[p] = flat + i;
        targets[p++] = rows[r][i + 1];
      }
      flat += fed[r].length;
    }
    boolean[] suppress = new boolean[total];
    Arrays.fill(suppress, !options.suppressedIds().isEmpty());
    checkIds(options.suppressedIds());
    Run run = forward(cache, fed, options.hiddenLayers(), options.hiddenSink());
    LogitReducer.Stats s =
        reducer.reduce(
            run.context,
            run.hidden,
            at,
            targets,
            suppress,
            ids(options.suppressedIds()),
            options.topK(),
            options.logitsSink());
    RowScores[] out = new RowScores[rows.length];
    p = 0;
    for (int r = 0; r < rows.length; r++) {
      int n = Math.max(0, rows[r].length - 1);
      out[r] =
          new RowScores(
              Arrays.copyOfRange(s.argmax(), p, p + n),
              Arrays.copyOfRange(s.targetLogprob(), p, p + n),
              Arrays.copyOfRange(s.entropy(), p, p + n),
              Arrays.copyOfRange(s.topIds(), p, p + n),
              Arrays.copyOfRange(s.topLogprobs(), p, p + n));
      p += n;
    }
    return out;
  }

  /** The rows without a last token that would sit at position {@code max_position_embeddings}. */
  private int[][] withinPositions(KvCache cache, int[][] rows) {
    int[][] fed = rows;
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length > 0 && cache.length(r) + rows[r].length > config.maxPositions()) {
        if (fed == rows) fed = rows.clone();
        fed[r] = Arrays.copyOf(rows[r], rows[r].length - 1);
      }
    }
    return fed;
  }

  /**
   * Feeds tokens to the cache without computing any distribution (a prompt to decode from). Every
   * prefilled token takes a position, and the token decoded after them is predicted from the last.
   */
  public void prefill(KvCache cache, int[][] tokens) {
    for (int r = 0; r < tokens.length; r++) {
      checkLength(r, (long) cache.length(r) + tokens[r].length + 1);
    }
    forward(cache, tokens, new BitSet(), HiddenStateSink.NONE);
  }

  /**
   * Greedy decoding: feeds {@code feed[r]} after what the cache holds for row r (the prompt, or the
   * first token past a reused prefix), then picks the most likely token at the last position and
   * feeds it back, until the row has {@code maxNew} tokens or picked an end-of-text token. All rows
   * advance together, one token each per step. Every row with {@code maxNew > 0} must feed at least
   * one token. The last chosen token is not fed back, so the cache ends one position short of the
   * returned sequence.
   */
  public Generation[] greedy(KvCache cache, int[][] feed, GreedyOptions options) {
    int rows = feed.length;
    checkIds(options.eosIds());
    int[] eos = ids(options.eosIds());
    int[][] tokens = new int[rows][];
    float[][] logprob = new float[rows][];
    float[][] entropy = new float[rows][];
    int[] count = new int[rows];
    boolean[] active = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      checkLength(r, (long) cache.length(r) + feed[r].length + options.maxNew()[r]);
    }
    for (int r = 0; r < rows; r++) {
      int max = options.maxNew()[r];
      tokens[r] = new int[max];
      logprob[r] = new float[max];
      entropy[r] = new float[max];
      active[r] = max > 0;
      if (active[r] && feed[r].length == 0) {
        throw new IllegalArgumentException(
            "row "
                + r
                + " feeds no token; to continue a cached prefix, truncate it by one and"
                + " feed its last token");
      }
    }
    int[][] step = feed;
    while (true) {
      Run run = forward(cache, step, options.hiddenLayers(), options.hiddenSink());
      int[] live = IntStream.range(0, rows).filter(r -> active[r]).toArray();
      if (live.length == 0) break;
      int[] at = new int[live.length];
      int[] targets = new int[live.length];
      boolean[] suppress = new boolean[live.length];
      for (int i = 0; i < live.length; i++) {
        int r = live[i];
        at[i] = run.context.batch().offset(r) + step[r].length - 1;
        targets[i] = -1;
        suppress[i] = cache.length(r) < options.minLength()[r];
      }
      LogitReducer.Stats s =
          reducer.reduce(run.context, run.hidden, at, targets, suppress, eos, 0, null);
      int[][] next = new int[rows][0];
      for (int i = 0; i < live.length; i++) {
        int r = live[i];
        int token = s.argmax()[i];
        tokens[r][count[r]] = token;
        logprob[r][count[r]] = s.argmaxLogprob()[i];
        entropy[r][count[r]] = s.entropy()[i];
        count[r]++;
        if (contains(eos, token) || count[r] == tokens[r].length) active[r] = false;
        else next[r] = new int[] {token};
      }
      if (IntStream.range(0, rows).noneMatch(r -> active[r])) break;
      step = next;
    }
    Generation[] out = new Generation[rows];
    for (int r = 0; r < rows; r++) {
      out[r] =
          new Generation(
              Arrays.copyOf(tokens[r], count[r]),
              Arrays.copyOf(logprob[r], count[r]),
              Arrays.copyOf(entropy[r], count[r]));
    }
    return out;
  }

  private record Run(Context context, float[] hidden) {}

  private Run forward(KvCache cache, int[][] feed, BitSet layers, HiddenStateSink sink) {
    checkTokens(feed);
    Batch batch = new Batch(feed, cache);
    if (batch.maxPosition() >= transformer.maxPositions()) {
      throw new IllegalArgumentException(
          "position "
              + batch.maxPosition()
              + " is past the "
              + transformer.maxPositions()
              + " positions this model has embeddings for");
    }
    for (int r = 0; r < feed.length; r++) cache.reserve(r, batch.start(r) + batch.count(r));
    Context c = new Context(batch, cache, matmul);
    float[] hidden = transformer.forward(c, sink, layers);
    cache.advance(batch);
    return new Run(c, hidden);
  }

  /**
   * Refuses a row of {@code tokens} tokens in all (cached, fed and generated) that needs more
   * positions than the model was trained on. The last token is only predicted, never a position to
   * predict from, so a model of {@code max_position_embeddings} P takes P + 1 tokens (Pythia: rows
   * of 2049 tokens with P = 2048); past that a rotary model would run on untrained positions and
   * the request's memory would grow without bound.
   */
  private void checkLength(int row, long tokens) {
    int max = config.maxPositions();
    if (tokens - 1 > max) {
      throw new ModelRequestException(
          "%s: row %d has %,d tokens, past the %,d positions of the model's max_position_embeddings"
                  .formatted(dir, row, tokens, max)
              + " (at most %,d tokens: the last one is only predicted)".formatted(max + 1L));
    }
  }

  private void checkTokens(int[][] rows) {
    int vocab = vocabSize();
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < rows[r].length; i++) {
        if (rows[r][i] < 0 || rows[r][i] >= vocab) {
          throw new IllegalArgumentException(
              "row " + r + ", token " + i + ": id " + rows[r][i] + " is outside 0.." + (vocab - 1));
        }
      }
    }
  }

  private void checkIds(List<Integer> ids) {
    checkTokens(new int[][] {ids(ids)});
  }

  private static int[] ids(List<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean contains(int[] ids, int id) {
    for (int i : ids) if (i == id) return true;
    return false;
  }

  @Override
  public void close() {
    parallel.close();
    checkpoint.close();
  }

  @Override
  public String toString() {
    return config.architecture() + " from " + dir;
  }
}
