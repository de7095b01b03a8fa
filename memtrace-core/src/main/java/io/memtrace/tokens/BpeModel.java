package io.memtrace.tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained byte-level BPE model.
 *
 * @param tokens token spellings by id: the special tokens (verbatim) take ids 0..specialCount-1,
 *     then every other token is spelled in the {@link ByteLevel} alphabet
 * @param specialCount how many leading tokens are special; the first one ends a document
 * @param merges merge rules by priority (rank 0 first); each joins two token ids into the token
 *     spelled by their concatenation
 */
public record BpeModel(List<String> tokens, int specialCount, List<Merge> merges) {
  /** One merge rule: the token {@code left} followed by the token {@code right}. */
  public record Merge(int left, int right) {}

  public BpeModel {
    tokens = List.copyOf(tokens);
    merges = List.copyOf(merges);
    if (specialCount < 0 || specialCount > tokens.size()) {
      throw new IllegalArgumentException(
          "specialCount " + specialCount + " outside 0.." + tokens.size());
    }
  }

  /** The special tokens, in id order. */
  public List<String> specialTokens() {
    return tokens.subList(0, specialCount);
  }

  /** Spelling to id, in id order (the {@code vocab} of a tokenizer.json). */
  public Map<String, Integer> vocab() {
    Map<String, Integer> vocab = LinkedHashMap.newLinkedHashMap(tokens.size());
    for (int id = 0; id < tokens.size(); id++) {
      vocab.put(tokens.get(id), id);
    }
    return vocab;
  }
}
