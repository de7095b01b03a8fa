package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.index.DocumentSets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Study B's task-gram pairs of a task: for each example and each n, the n-grams of the input
 * crossed with the n-grams of the traced output ({@link TaskExample#tracedOutput}); a pair stays
 * when the two n-grams' embeddings are closer than the threshold for n ({@link EmbeddingFilter})
 * and when some corpus document contains both.
 *
 * <p>As in the paper's released code, an example whose input and output share an n-gram (compared
 * lower-cased, without punctuation: {@link WordNgrams#normalized}) gives no pairs at that n: the
 * output copies the input there ("Angola" translated as "Angola"), and the task-gram probability of
 * a string given itself is 1 whatever the corpus holds.
 */
public final class TaskGramMiner {
  private final SentenceEncoder encoder;
  private final NgramDocuments documents;

  public TaskGramMiner(SentenceEncoder encoder, NgramDocuments documents) {
    this.encoder = encoder;
    this.documents = documents;
  }

  /** A pair before counting. */
  public record Candidate(int example, int n, WordNgrams.Ngram input, WordNgrams.Ngram output) {}

  /**
   * Mining settings: the n-gram sizes, the embedding filter, and whether occurrences of sx in
   * documents with sy are counted (the task-gram LM from occurrences; it streams sx's occurrences
   * once per pair).
   */
  public record Settings(int minN, int maxN, EmbeddingFilter.Settings filter, boolean occurrences) {
    public Settings {
      if (minN < 1 || maxN < minN) {
        throw new IllegalArgumentException("n-gram sizes " + minN + ".." + maxN);
      }
      for (int n = minN; n <= maxN; n++) {
        if (!filter.absolute().containsKey(n)) {
          throw new IllegalArgumentException("no threshold for n=" + n);
        }
      }
    }
  }

  /**
   * What the filter did at one n: both rules' thresholds and how many candidates each would keep;
   * {@code pairs} is what the rule in use kept that also co-occurs in the corpus.
   */
  public record SizeReport(
      EmbeddingFilter.Thresholds thresholds,
      int candidates,
      int keptCalibrated,
      int keptAbsolute,
      int pairs) {}

  /** The pairs, the filter's report per n, and its truth check where the task allows one. */
  public record Mined(
      List<TaskGramPair> pairs, List<SizeReport> sizes, List<FilterTruth.Result> truth) {}

  /**
   * Every input n-gram crossed with every output n-gram, per example and n, except where the two
   * sides share an n-gram.
   */
  public static List<Candidate> candidates(Task task, int minN, int maxN) {
    List<Candidate> candidates = new ArrayList<>();
    for (int n = minN; n <= maxN; n++) {
      Sides sides = Sides.of(task, n);
      for (int e = 0; e < task.examples().size(); e++) {
        List<WordNgrams.Ngram> xs = sides.inputs.get(e);
        List<WordNgrams.Ngram> ys = sides.outputs.get(e);
        if (shareAnNgram(xs, ys)) continue;
        for (WordNgrams.Ngram x : xs) {
          for (WordNgrams.Ngram y : ys) candidates.add(new Candidate(e, n, x, y));
        }
      }
    }
    candidates.sort(Comparator.comparingInt(Candidate::example).thenComparingInt(Candidate::n));
    return candidates;
  }

  /** Each example's input and output n-grams at one n. */
  private record Sides(List<List<WordNgrams.Ngram>> inputs, List<List<WordNgrams.Ngram>> outputs) {
    static Sides of(Task task, int n) {
      Optional<StopWords> in = StopWords.forLanguage(task.sourceLanguage());
      Optional<StopWords> out = StopWords.forLanguage(task.targetLanguage());
      List<List<WordNgrams.Ngram>> xs = new ArrayList<>();
      List<List<WordNgrams.Ngram>> ys = new ArrayList<>();
      for (TaskExample ex : task.examples()) {
        xs.add(WordNgrams.of(ex.input(), n, in));
        ys.add(WordNgrams.of(ex.tracedOutput(), n, out));
      }
      return new Sides(xs, ys);
    }
  }

  private static boolean shareAnNgram(List<WordNgrams.Ngram> xs, List<WordNgrams.Ngram> ys) {
    Set<String> seen = new HashSet<>();
    for (WordNgrams.Ngram x : xs) seen.add(WordNgrams.normalized(x.text()));
    for (WordNgrams.Ngram y : ys) if (seen.contains(WordNgrams.normalized(y.text()))) return true;
    return false;
  }

  /**
   * The candidates whose cosine exceeds their n's threshold under the settings' rule and whose
   * n-grams co-occur in some document.
   */
  public Mined mine(Task task, Settings settings, Progress progress) throws BadInputException {
    List<Candidate> candidates = candidates(task, settings.minN(), settings.maxN());
    Map<Integer, List<String[]>> nulls = new LinkedHashMap<>();
    for (int n = settings.minN(); n <= settings.maxN(); n++) {
      Sides sides = Sides.of(task, n);
      nulls.put(n, EmbeddingFilter.nullPairs(n, sides.inputs, sides.outputs));
    }
    List<FilterTruth.Labeled> truthPairs =
        FilterTruth.pairs(task, settings.minN(), settings.maxN());
    Map<String, float[]> embeddings = embed(candidates, nulls, truthPairs);

    Map<Integer, EmbeddingFilter.Thresholds> thresholds = new LinkedHashMap<>();
    for (var e : nulls.entrySet()) {
      int n = e.getKey();
      double[] cosines = e.getValue().stream().mapToDouble(p -> cosine(embeddings, p)).toArray();
      double absolute = settings.filter().absolute().get(n);
      double calibrated = EmbeddingFilter.quantile(cosines, settings.filter().nullQuantile());
      thresholds.put(
          n,
          new EmbeddingFilter.Thresholds(
              n, cosines.length, Double.isNaN(calibrated) ? absolute : calibrated, absolute));
    }

    Map<Integer, int[]> counts = new HashMap<>(); // candidates, calibrated, absolute, pairs
    List<TaskGramPair> pairs = new ArrayList<>();
    for (Candidate c : candidates) {
      double cosine =
          SentenceEncoder.cosine(
              embeddings.get(c.input().text()), embeddings.get(c.output().text()));
      progress.advance(1);
      EmbeddingFilter.Thresholds t = thresholds.get(c.n());
      int[] count = counts.computeIfAbsent(c.n(), k -> new int[4]);
      count[0]++;
      if (cosine > t.calibrated()) count[1]++;
      if (cosine > t.absolute()) count[2]++;
      if (!(cosine > t.of(settings.filter().rule()))) continue;
      DocumentSets.Documents x = documents.of(c.input().text());
      DocumentSets.Documents y = documents.of(c.output().text());
      long both = DocumentSets.intersect(x, y);
      if (both == 0) continue;
      count[3]++;
      pairs.add(
          new TaskGramPair(
              c.example(),
              c.n(),
              c.input(),
              c.output(),
              cosine,
              x.size(),
              y.size(),
              both,
              x.occurrences(),
              settings.occurrences() ? documents.occurrencesIn(c.input().text(), y) : -1));
    }
    List<SizeReport> sizes = new ArrayList<>();
    for (var t : thresholds.values()) {
      int[] count = counts.getOrDefault(t.n(), new int[4]);
      sizes.add(new SizeReport(t, count[0], count[1], count[2], count[3]));
    }
    List<FilterTruth.Result> truth =
        FilterTruth.evaluate(
            settings.minN(),
            truthPairs,
            (x, y) -> SentenceEncoder.cosine(embeddings.get(x), embeddings.get(y)),
            thresholds);
    return new Mined(pairs, sizes, truth);
  }

  private static double cosine(Map<String, float[]> embeddings, String[] pair) {
    return SentenceEncoder.cosine(embeddings.get(pair[0]), embeddings.get(pair[1]));
  }

  private Map<String, float[]> embed(
      List<Candidate> candidates,
      Map<Integer, List<String[]>> nulls,
      List<FilterTruth.Labeled> truth) {
    Map<String, Integer> distinct = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      distinct.putIfAbsent(c.input().text(), distinct.size());
      distinct.putIfAbsent(c.output().text(), distinct.size());
    }
    List<String[]> more = new ArrayList<>();
    truth.forEach(p -> more.add(new String[] {p.input(), p.output()}));
    nulls.values().forEach(more::addAll);
    for (String[] p : more) {
      distinct.putIfAbsent(p[0], distinct.size());
      distinct.putIfAbsent(p[1], distinct.size());
    }
    List<String> texts = new ArrayList<>(distinct.keySet());
    float[][] vectors = encoder.embed(texts);
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) out.put(texts.get(i), vectors[i]);
    return out;
  }
}
