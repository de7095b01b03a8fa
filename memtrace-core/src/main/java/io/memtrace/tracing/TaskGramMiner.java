package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.index.DocumentSets;
import java.util.ArrayList;
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
 * when the two n-grams' embeddings are closer than the threshold for n (cosine > gamma) and when
 * some corpus document contains both.
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

  /** Mining settings: the n-gram sizes and the cosine threshold of each. */
  public record Settings(int minN, int maxN, Map<Integer, Double> gamma) {
    public Settings {
      if (minN < 1 || maxN < minN) {
        throw new IllegalArgumentException("n-gram sizes " + minN + ".." + maxN);
      }
      for (int n = minN; n <= maxN; n++) {
        if (!gamma.containsKey(n)) throw new IllegalArgumentException("no threshold for n=" + n);
      }
      gamma = Map.copyOf(gamma);
    }
  }

  /**
   * Every input n-gram crossed with every output n-gram, per example and n, except where the two
   * sides share an n-gram.
   */
  public static List<Candidate> candidates(Task task, int minN, int maxN) {
    Optional<StopWords> in = StopWords.forLanguage(task.sourceLanguage());
    Optional<StopWords> out = StopWords.forLanguage(task.targetLanguage());
    List<Candidate> candidates = new ArrayList<>();
    for (int e = 0; e < task.examples().size(); e++) {
      TaskExample ex = task.examples().get(e);
      for (int n = minN; n <= maxN; n++) {
        List<WordNgrams.Ngram> xs = WordNgrams.of(ex.input(), n, in);
        List<WordNgrams.Ngram> ys = WordNgrams.of(ex.tracedOutput(), n, out);
        if (shareAnNgram(xs, ys)) continue;
        for (WordNgrams.Ngram x : xs) {
          for (WordNgrams.Ngram y : ys) candidates.add(new Candidate(e, n, x, y));
        }
      }
    }
    return candidates;
  }

  private static boolean shareAnNgram(List<WordNgrams.Ngram> xs, List<WordNgrams.Ngram> ys) {
    Set<String> seen = new HashSet<>();
    for (WordNgrams.Ngram x : xs) seen.add(WordNgrams.normalized(x.text()));
    for (WordNgrams.Ngram y : ys) if (seen.contains(WordNgrams.normalized(y.text()))) return true;
    return false;
  }

  /** The candidates whose cosine exceeds their n's threshold and whose n-grams co-occur. */
  public List<TaskGramPair> mine(Task task, Settings settings, Progress progress)
      throws BadInputException {
    List<Candidate> candidates = candidates(task, settings.minN(), settings.maxN());
    Map<String, float[]> embeddings = embed(candidates);
    List<TaskGramPair> pairs = new ArrayList<>();
    for (Candidate c : candidates) {
      double cosine =
          SentenceEncoder.cosine(
              embeddings.get(c.input().text()), embeddings.get(c.output().text()));
      progress.advance(1);
      if (!(cosine > settings.gamma().get(c.n()))) continue;
      DocumentSets.Documents x = documents.of(c.input().text());
      DocumentSets.Documents y = documents.of(c.output().text());
      DocumentSets.Overlap both = DocumentSets.intersect(x, y);
      if (both.documents() == 0) continue;
      pairs.add(
          new TaskGramPair(
              c.example(),
              c.n(),
              c.input(),
              c.output(),
              cosine,
              x.size(),
              y.size(),
              both.documents(),
              x.totalOccurrences(),
              both.occurrencesA()));
    }
    return pairs;
  }

  private Map<String, float[]> embed(List<Candidate> candidates) {
    Map<String, Integer> distinct = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      distinct.putIfAbsent(c.input().text(), distinct.size());
      distinct.putIfAbsent(c.output().text(), distinct.size());
    }
    List<String> texts = new ArrayList<>(distinct.keySet());
    float[][] vectors = encoder.embed(texts);
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) out.put(texts.get(i), vectors[i]);
    return out;
  }
}
