package io.memtrace.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Byte-level BPE the slow, obvious way, as the truth the fast code is checked against: training
 * recounts every pair from scratch before each merge; encoding applies the lowest-ranked merge to
 * the leftmost place it fits, one at a time.
 */
final class NaiveBpe {
  private NaiveBpe() {}

  /** Trains with {@link BpeTrainer}'s documented rules (tie-break, ids, repeated spellings). */
  static BpeModel train(List<String> documents, int vocabSize, List<String> specials) {
    Map<String, Long> preTokens = new HashMap<>();
    for (String document : documents) {
      for (String preToken : ByteLevel.preTokenize(document)) {
        preTokens.merge(preToken, 1L, Long::sum);
      }
    }
    List<String> tokens = new ArrayList<>(specials);
    List<Character> alphabet = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      alphabet.add(ByteLevel.charOf(b));
    }
    alphabet.sort(null);
    Map<String, Integer> ids = new HashMap<>();
    for (char c : alphabet) {
      ids.put(String.valueOf(c), tokens.size());
      tokens.add(String.valueOf(c));
    }
    List<List<Integer>> words = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    preTokens.forEach(
        (preToken, count) -> {
          List<Integer> word = new ArrayList<>();
          for (char c : ByteLevel.encode(preToken).toCharArray()) {
            word.add(ids.get(String.valueOf(c)));
          }
          words.add(word);
          counts.add(count);
        });
    List<BpeModel.Merge> merges = new ArrayList<>();
    Set<BpeModel.Merge> seen = new HashSet<>();
    while (tokens.size() < vocabSize) {
      Map<BpeModel.Merge, Long> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<Integer> word = words.get(w);
        for (int i = 1; i < word.size(); i++) {
          pairCounts.merge(
              new BpeModel.Merge(word.get(i - 1), word.get(i)), counts.get(w), Long::sum);
        }
      }
      BpeModel.Merge best = null;
      long bestCount = 0;
      for (var e : pairCounts.entrySet()) {
        BpeModel.Merge p = e.getKey();
        long c = e.getValue();
        if (c > bestCount
            || (c == bestCount
                && (p.left() < best.left()
                    || (p.left() == best.left() && p.right() < best.right())))) {
          best = p;
          bestCount = c;
        }
      }
      if (best == null) {
        break;
      }
      String spelling = tokens.get(best.left()) + tokens.get(best.right());
      Integer id = ids.get(spelling);
      if (id == null) {
        id = tokens.size();
        tokens.add(spelling);
        ids.put(spelling, id);
      }
      if (seen.add(best)) {
        merges.add(best);
      }
      for (List<Integer> word : words) {
        for (int i = 0; i + 1 < word.size(); i++) {
          if (word.get(i) == best.left() && word.get(i + 1) == best.right()) {
            word.set(i, id);
            word.remove(i + 1);
          }
        }
      }
    }
    return new BpeModel(tokens, specials.size(), merges);
  }

  /** The ids of {@code text} under {@code model}; special tokens in the text are matched first. */
  static List<Integer> encode(BpeModel model, String text) {
    Map<String, Integer> vocab = model.vocab();
    Map<String, Integer> rank = new LinkedHashMap<>();
    for (BpeModel.Merge m : model.merges()) {
      rank.putIfAbsent(
          model.tokens().get(m.left()) + " " + model.tokens().get(m.right()), rank.size());
    }
    List<Integer> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int next = text.length();
      String special = null;
      for (String s : model.specialTokens()) {
        int at = text.indexOf(s, start);
        if (at >= 0
            && (at < next || (at == next && special != null && s.length() > special.length()))) {
          next = at;
          special = s;
        }
      }
      for (String preToken : ByteLevel.preTokenize(text.substring(start, next))) {
        out.addAll(encodePreToken(preToken, vocab, rank));
      }
      if (special == null) {
        break;
      }
      out.add(vocab.get(special));
      start = next + special.length();
    }
    return out;
  }

  private static List<Integer> encodePreToken(
      String preToken, Map<String, Integer> vocab, Map<String, Integer> rank) {
    List<String> parts = new ArrayList<>(Arrays.asList(ByteLevel.encode(preToken).split("")));
    while (true) {
      int bestAt = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer r = rank.get(parts.get(i) + " " + parts.get(i + 1));
        if (r != null && r < bestRank) {
          bestRank = r;
          bestAt = i;
        }
      }
      if (bestAt < 0) {
        break;
      }
      parts.set(bestAt, parts.get(bestAt) + parts.remove(bestAt + 1));
    }
    return parts.stream().map(vocab::get).toList();
  }
}
