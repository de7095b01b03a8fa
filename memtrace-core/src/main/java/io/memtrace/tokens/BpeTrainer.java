package io.memtrace.tokens;

import io.memtrace.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Trains a GPT-2 / GPT-NeoX style byte-level BPE vocabulary, the kind Pythia's tokenizer is.
 *
 * <p>Documents are split with {@link ByteLevel#PRE_TOKEN} and pre-token frequencies counted in
 * parallel. The alphabet is all 256 bytes, so any text encodes without an unknown token. Then,
 * until the vocabulary has the requested size, the most frequent adjacent pair of tokens (counted
 * over all pre-token occurrences) is merged. Pair counts are updated incrementally, only in the
 * pre-tokens that contain the merged pair, and the most frequent pair is kept in a lazily updated
 * priority queue, as Hugging Face's trainer does.
 *
 * <p>Deterministic, whatever the document order or thread count: ties go to the pair with the
 * smaller left id, then the smaller right id. Ids follow Hugging Face's layout: special tokens
 * 0..k-1 in the given order, then the 256 byte tokens ordered by their {@link ByteLevel} character
 * (so "!" comes first, as in GPT-2), then merged tokens in the order they were learnt. Should a
 * merge spell a token that already exists (a+bc after ab+c), it reuses that id as Hugging Face's
 * trainer does, and a pair merged once is never listed twice.
 */
public final class BpeTrainer {
  /** Receives progress as the vocabulary grows, to drive a progress bar. */
  @FunctionalInterface
  public interface Progress {
    void update(int vocabSize, int targetVocabSize);
  }

  private final int vocabSize;
  private final List<String> specialTokens;

  /**
   * @param vocabSize the vocabulary size to reach, special tokens included
   * @param specialTokens special tokens, given the lowest ids in this order; the first one ends
   *     documents (e.g. {@code <|endoftext|>}, {@code <|padding|>} as in GPT-NeoX)
   * @throws IllegalArgumentException if the size cannot hold the 256 byte tokens and the special
   *     tokens, or a special token is empty, repeated, or a single pre-token (it could then collide
   *     with a learnt token)
   */
  public BpeTrainer(int vocabSize, List<String> specialTokens) {
    this.specialTokens = List.copyOf(specialTokens);
    int minimum = 256 + this.specialTokens.size();
    if (vocabSize < minimum) {
      throw new IllegalArgumentException(
          "vocabulary size %d is too small, expected at least %d (256 bytes + %d special tokens)"
              .formatted(vocabSize, minimum, this.specialTokens.size()));
    }
    if (new HashSet<>(this.specialTokens).size() != this.specialTokens.size()) {
      throw new IllegalArgumentException("special tokens repeat: " + this.specialTokens);
    }
    for (String special : this.specialTokens) {
      if (ByteLevel.preTokenize(special).size() < 2) {
        throw new IllegalArgumentException(
            "special token \"%s\" is empty or a single pre-token, expected a mix such as <|name|>"
                .formatted(special));
      }
    }
    this.vocabSize = vocabSize;
  }

  public BpeModel train(Stream<String> documents) throws BadInputException {
    return train(documents, (size, target) -> {});
  }

  /**
   * Trains on {@code documents}, read in parallel (the stream is made parallel).
   *
   * @return the model; its vocabulary is smaller than requested only if the corpus runs out of
   *     pairs to merge
   * @throws BadInputException if the documents contain no text
   */
  public BpeModel train(Stream<String> documents, Progress progress) throws BadInputException {
    Map<String, long[]> preTokens = countPreTokens(documents);
    if (preTokens.isEmpty()) {
      throw new BadInputException("the training corpus has no text, expected non-empty documents");
    }
    List<String> tokens = new ArrayList<>(vocabSize);
    tokens.addAll(specialTokens);
    char[] alphabet = new char[256];
    for (int b = 0; b < 256; b++) {
      alphabet[b] = ByteLevel.charOf(b);
    }
    Arrays.sort(alphabet);
    int[] byteId = new int[256];
    for (char c : alphabet) {
      byteId[ByteLevel.byteOf(c)] = tokens.size();
      tokens.add(String.valueOf(c));
    }
    List<int[]> words = new ArrayList<>(preTokens.size());
    List<Long> counts = new ArrayList<>(preTokens.size());
    preTokens.forEach(
        (preToken, count) -> {
          byte[] bytes = preToken.getBytes(StandardCharsets.UTF_8);
          if (bytes.length > 1) {
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
              symbols[i] = byteId[bytes[i] & 0xFF];
            }
            words.add(symbols);
            counts.add(count[0]);
          }
        });
    progress.update(tokens.size(), vocabSize);
    List<BpeModel.Merge> merges = new Merging(tokens, words, counts).run(progress);
    return new BpeModel(tokens, specialTokens.size(), merges);
  }

  private static Map<String, long[]> countPreTokens(Stream<String> documents) {
    return documents
        .parallel()
        .collect(
            HashMap::new,
            (counts, document) ->
                ByteLevel.forEachPreToken(
                    document, t -> counts.computeIfAbsent(t, k -> new long[1])[0]++),
            (into, from) ->
                from.forEach(
                    (t, c) -> {
                      long[] seen = into.putIfAbsent(t, c);
                      if (seen != null) {
                        seen[0] += c[0];
                      }
                    }));
  }

  /** Adjacent token pair with its current count and the words that may contain it. */
  private static final class Pair {
    final int left;
    final int right;
    long count;
    boolean merged;
    int touched = -1;
    int[] words = new int[2];
    int wordCount;

    Pair(int left, int right) {
      this.left = left;
      this.right = right;
    }

    void addWord(int word) {
      if (wordCount == words.length) {
        words = Arrays.copyOf(words, wordCount * 2);
      }
      words[wordCount++] = word;
    }
  }

  /** A queue entry: {@code pair} had {@code count} when queued. Largest count first, then ids. */
  private record Queued(Pair pair, long count) implements Comparable<Queued> {
    @Override
    public int compareTo(Queued o) {
      if (count != o.count) {
        return Long.compare(o.count, count);
      }
      if (pair.left != o.pair.left) {
        return Integer.compare(pair.left, o.pair.left);
      }
      return Integer.compare(pair.right, o.pair.right);
    }
  }

  /** The merge loop's state: words as token ids, exact pair counts, the queue. */
  private final class Merging {
    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;
    private final int[] visited;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<Queued> queue = new PriorityQueue<>();
    private final List<BpeModel.Merge> merges = new ArrayList<>();
    private int[] sites = new int[16];

    Merging(List<String> tokens, List<int[]> words, List<Long> counts) {
      this.tokens = tokens;
      for (int id = specialTokens.size(); id < tokens.size(); id++) {
        ids.put(tokens.get(id), id);
      }
      this.words = words.toArray(int[][]::new);
      this.lengths = new int[this.words.length];
      this.counts = new long[this.words.length];
      this.visited = new int[this.words.length];
      Arrays.fill(visited, -1);
      for (int w = 0; w < this.words.length; w++) {
        int[] symbols = this.words[w];
        lengths[w] = symbols.length;
        this.counts[w] = counts.get(w);
        for (int i = 1; i < symbols.length; i++) {
          Pair pair = pair(symbols[i - 1], symbols[i]);
          pair.count += this.counts[w];
          pair.addWord(w);
        }
      }
      for (Pair pair : pairs.values()) {
        queue.add(new Queued(pair, pair.count));
      }
    }

    List<BpeModel.Merge> run(Progress progress) {
      int step = 0;
      while (tokens.size() < vocabSize) {
        Pair best = pollBest();
        if (best == null) {
          break;
        }
        String spelling = tokens.get(best.left) + tokens.get(best.right);
        Integer id = ids.get(spelling);
        if (id == null) {
          id = tokens.size();
          tokens.add(spelling);
          ids.put(spelling, id);
          progress.update(tokens.size(), vocabSize);
        }
        if (!best.merged) {
          best.merged = true;
          merges.add(new BpeModel.Merge(best.left, best.right));
        }
        apply(best, id, step++);
      }
      return merges;
    }

    /** The pair with the largest current count, dropping queue entries whose count is stale. */
    private Pair pollBest() {
      Queued top;
      while ((top = queue.poll()) != null) {
        Pair pair = top.pair;
        if (pair.count == top.count) {
          return pair;
        }
        if (pair.count > 0 && pair.count < top.count) {
          queue.add(new Queued(pair, pair.count));
        }
      }
      return null;
    }

    /**
     * Merges {@code pair} into {@code id} in every word that has it. Only pairs next to a merge
     * site change, so only those counts are updated: the old pairs around each site lose the word's
     * count, the new pairs around each merged token gain it.
     */
    private void apply(Pair pair, int id, int step) {
      List<Pair> grown = new ArrayList<>();
      int[] candidates = pair.words;
      int candidateCount = pair.wordCount;
      pair.words = new int[2];
      pair.wordCount = 0;
      for (int k = 0; k < candidateCount; k++) {
        int w = candidates[k];
        if (visited[w] == step) {
          continue;
        }
        visited[w] = step;
        int[] symbols = words[w];
        int length = lengths[w];
        long count = counts[w];
        int siteCount = 0;
        int done = -1; // pairs at positions up to here are already counted out
        for (int i = 0; i + 1 < length; i++) {
          if (symbols[i] == pair.left && symbols[i + 1] == pair.right) {
            for (int q = Math.max(i - 1, done + 1); q <= Math.min(i + 1, length - 2); q++) {
              pairs.get(key(symbols[q], symbols[q + 1])).count -= count;
            }
            done = Math.min(i + 1, length - 2);
            if (siteCount == sites.length) {
              sites = Arrays.copyOf(sites, siteCount * 2);
            }
            sites[siteCount++] = i++;
          }
        }
        if (siteCount == 0) {
          continue;
        }
        length = replace(symbols, length, pair.left, pair.right, id);
        lengths[w] = length;
        done = -1;
        for (int n = 0; n < siteCount; n++) {
          int j = sites[n] - n; // each earlier site shortened the word by one
          for (int q = Math.max(j - 1, done + 1); q <= Math.min(j, length - 2); q++) {
            Pair after = pair(symbols[q], symbols[q + 1]);
            after.count += count;
            after.addWord(w);
            if (after.touched != step) {
              after.touched = step;
              grown.add(after);
            }
          }
          done = Math.min(j, length - 2);
        }
      }
      for (Pair after : grown) {
        if (after.count > 0) {
          queue.add(new Queued(after, after.count));
        }
      }
    }

    private Pair pair(int left, int right) {
      return pairs.computeIfAbsent(key(left, right), k -> new Pair(left, right));
    }
  }

  /** Replaces each non-overlapping (left, right), scanning left to right; returns the length. */
  private static int replace(int[] symbols, int length, int left, int right, int merged) {
    int out = 0;
    for (int i = 0; i < length; i++) {
      if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right) {
        symbols[out++] = merged;
        i++;
      } else {
        symbols[out++] = symbols[i];
      }
    }
    return out;
  }

  /**
   * A unique map key for a pair. Long.hashCode of (left << 32 | right) would be left ^ right, which
   * collides for most pairs of small ids; multiplying by an odd constant is a bijection on 64 bits
   * that spreads the ids over the hash.
   */
  private static long key(int left, int right) {
    return (((long) left << 32) | (right & 0xFFFFFFFFL)) * 0x9E3779B97F4A7C15L;
  }
}
