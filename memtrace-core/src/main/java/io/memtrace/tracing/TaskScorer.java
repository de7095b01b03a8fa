package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.stats.Bleu;
import io.memtrace.tokens.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one language model does on a task: the log-probability of traced output n-grams given the
 * text before them (study B's P_LLM, teacher forced, split as {@link OutputSpan}), and the task
 * performance of each example.
 */
public final class TaskScorer {
  private static final int BATCH = 32;
  private static final Pattern WORD_OR_MARK =
      Pattern.compile("[\\p{L}\\p{M}\\p{N}]+|[^\\s\\p{L}\\p{M}\\p{N}]");
  private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(\\.\\d+)?");

  private final LanguageModel lm;
  private final Tokenizer tokenizer;
  private final Task task;

  public TaskScorer(LanguageModel lm, Tokenizer tokenizer, Task task) {
    this.lm = lm;
    this.tokenizer = tokenizer;
    this.task = task;
  }

  /**
   * log P_LLM(sy | tracing prompt(x), traced y before sy) of each output, natural log; an n-gram at
   * the same place of the same example is scored once for every n it appears at.
   */
  public double[] outputLogprobs(List<TracedOutput> outputs) throws BadInputException {
    Map<String, Integer> distinct = new HashMap<>();
    List<String> contexts = new ArrayList<>();
    List<String> spans = new ArrayList<>();
    List<Integer> examples = new ArrayList<>();
    int[] slot = new int[outputs.size()];
    for (int i = 0; i < outputs.size(); i++) {
      TracedOutput o = outputs.get(i);
      String key = o.example() + "\u0000" + o.ngram().start() + "\u0000" + o.ngram().text();
      Integer s = distinct.get(key);
      if (s == null) {
        s = contexts.size();
        distinct.put(key, s);
        OutputSpan span = OutputSpan.of(task, task.examples().get(o.example()), o.ngram());
        contexts.add(span.context());
        spans.add(span.span());
        examples.add(o.example());
      }
      slot[i] = s;
    }
    double[] byContext = logprobs(contexts, spans, examples);
    double[] out = new double[outputs.size()];
    for (int i = 0; i < out.length; i++) out[i] = byContext[slot[i]];
    return out;
  }

  /**
   * log P(span | context) for each (context, span), teacher forced, batched; {@code examples} names
   * the example of each, for the message when one is too long for the model.
   */
  double[] logprobs(List<String> contexts, List<String> spans, List<Integer> examples)
      throws BadInputException {
    double[] out = new double[contexts.size()];
    for (int from = 0; from < out.length; from += BATCH) {
      int to = Math.min(out.length, from + BATCH);
      int[][] rows = new int[to - from][];
      int[] contextLengths = new int[rows.length];
      for (int r = 0; r < rows.length; r++) {
        int[] c = tokenizer.encode(contexts.get(from + r));
        int[] s = tokenizer.encode(spans.get(from + r));
        if (c.length == 0) throw new IllegalArgumentException("empty context for a span");
        rows[r] = Arrays.copyOf(c, c.length + s.length);
        System.arraycopy(s, 0, rows[r], c.length, s.length);
        contextLengths[r] = c.length;
        checkLength(examples.get(from + r), rows[r].length);
      }
      RowScores[] scores = lm.score(rows, ScoreOptions.DEFAULT);
      for (int r = 0; r < rows.length; r++) {
        double sum = 0;
        // Position p predicts token p + 1: the span's tokens are predicted from c - 1 on.
        for (int p = contextLengths[r] - 1; p < rows[r].length - 1; p++) {
          sum += scores[r].targetLogprob()[p];
        }
        out[from + r] = sum;
      }
    }
    return out;
  }

  /**
   * What the model answers for one example and how well.
   *
   * @param prediction the greedy output up to its first line break, or the chosen choice
   * @param exact whether it equals the reference or an alternative (case, punctuation, articles and
   *     spacing ignored, as SQuAD's exact match; numbers compared as numbers for math)
   * @param performance the task's metric: smoothed sentence BLEU for translation, exact match for
   *     QA and math, choice accuracy for multiple choice
   */
  public record Outcome(String prediction, boolean exact, double performance) {}

  public List<Outcome> outcomes() throws BadInputException {
    return task.kind() == Task.Kind.MULTIPLE_CHOICE ? choose() : generate();
  }

  private List<Outcome> generate() throws BadInputException {
    List<Outcome> out = new ArrayList<>();
    List<Integer> stops = stopIds();
    List<TaskExample> examples = task.examples();
    for (int from = 0; from < examples.size(); from += BATCH) {
      int to = Math.min(examples.size(), from + BATCH);
      int[][] prompts = new int[to - from][];
      int[] maxNew = new int[prompts.length];
      for (int r = 0; r < prompts.length; r++) {
        TaskExample ex = examples.get(from + r);
        // Byte-level BPE attaches a space to the word after it: the answer brings its own.
        prompts[r] = tokenizer.encode(task.prompt(ex).stripTrailing());
        maxNew[r] = tokenizer.encode(" " + ex.output()).length + 8;
        checkLength(from + r, prompts[r].length + maxNew[r]);
      }
      Generation[] g =
          lm.greedy(
              lm.newCache(prompts.length),
              prompts,
              new GreedyOptions(
                  maxNew,
                  new int[prompts.length],
                  stops,
                  new java.util.BitSet(),
                  io.memtrace.model.engine.HiddenStateSink.NONE));
      for (int r = 0; r < prompts.length; r++) {
        int[] tokens = g[r].tokens();
        // The answer ends at end of text, or at an id past the tokenizer's vocabulary (models pad
        // their embedding matrix beyond it; such ids have no text).
        int end = 0;
        while (end < tokens.length
            && tokens[end] < tokenizer.vocabSize()
            && (tokenizer.eosId().isEmpty() || tokens[end] != tokenizer.eosId().getAsInt())) {
          end++;
        }
        String text = tokenizer.decode(Arrays.copyOf(tokens, end));
        int line = text.indexOf('\n');
        out.add(judge(examples.get(from + r), (line < 0 ? text : text.substring(0, line)).strip()));
      }
    }
    return out;
  }

  private Outcome judge(TaskExample ex, String prediction) {
    List<String> references = new ArrayList<>(ex.alternatives());
    references.add(0, ex.output());
    boolean exact =
        references.stream()
            .anyMatch(
                r ->
                    task.kind() == Task.Kind.MATH
                        ? sameNumber(prediction, r)
                        : normalize(prediction).equals(normalize(r)));
    double performance =
        task.kind() == Task.Kind.TRANSLATION
            ? Bleu.smoothed(words(prediction), words(ex.output()))
            : exact ? 1 : 0;
    return new Outcome(prediction, exact, performance);
  }

  /** Multiple choice: the choice with the highest log-probability after the prompt. */
  private List<Outcome> choose() throws BadInputException {
    List<String> contexts = new ArrayList<>();
    List<String> spans = new ArrayList<>();
    List<Integer> examples = new ArrayList<>();
    for (int e = 0; e < task.examples().size(); e++) {
      TaskExample ex = task.examples().get(e);
      String prompt = task.prompt(ex);
      String context = prompt.stripTrailing();
      for (String c : ex.choices()) {
        contexts.add(context);
        spans.add(prompt.substring(context.length()) + c);
        examples.add(e);
      }
    }
    double[] lp = logprobs(contexts, spans, examples);
    List<Outcome> out = new ArrayList<>();
    int k = 0;
    for (TaskExample ex : task.examples()) {
      int best = 0;
      for (int c = 0; c < ex.choices().size(); c++) if (lp[k + c] > lp[k + best]) best = c;
      k += ex.choices().size();
      String chosen = ex.choices().get(best);
      boolean right = chosen.equals(ex.output());
      out.add(new Outcome(chosen, right, right ? 1 : 0));
    }
    return out;
  }

  /**
   * Refuses an example whose text needs more positions than the model has (the last token is only
   * predicted), naming the task and the example rather than a row of a batch.
   */
  private void checkLength(int example, long tokens) throws BadInputException {
    int max = lm.config().maxPositions();
    if (tokens - 1 > max) {
      throw new BadInputException(
          "task '%s', example %s: its prompt and output take %,d tokens, past the %,d positions of the model's max_position_embeddings; shorten it or trace a model with a longer context"
              .formatted(task.name(), task.examples().get(example).id(), tokens, max));
    }
  }

  /** End of text, and every token whose text holds a line break: an answer is one line. */
  private List<Integer> stopIds() {
    List<Integer> ids = new ArrayList<>();
    int vocab = Math.min(tokenizer.vocabSize(), lm.vocabSize());
    tokenizer
        .eosId()
        .ifPresent(
            id -> {
              if (id < vocab) ids.add(id);
            });
    for (int id = 0; id < vocab; id++) {
      if (tokenizer.decode(new int[] {id}).indexOf('\n') >= 0) ids.add(id);
    }
    return ids;
  }

  static String normalize(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]", " ");
    t = t.replaceAll("\\b(a|an|the)\\b", " ");
    return t.replaceAll("\\s+", " ").strip();
  }

  static boolean sameNumber(String prediction, String reference) {
    Matcher m = NUMBER.matcher(prediction);
    String last = null;
    while (m.find()) last = m.group();
    if (last == null) return false;
    try {
      return new java.math.BigDecimal(last.replace(",", ""))
              .compareTo(new java.math.BigDecimal(reference.strip().replace(",", "")))
          == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Words and punctuation marks as separate tokens, as sacrebleu's 13a tokenizer splits them. */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD_OR_MARK.matcher(s);
    while (m.find()) out.add(m.group());
    return out;
  }
}
