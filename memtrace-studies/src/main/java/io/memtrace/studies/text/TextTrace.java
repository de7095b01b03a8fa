package io.memtrace.studies.text;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.Spans;
import io.memtrace.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A text against the corpus and the models, token by token: the text view of {@code memtrace
 * serve}. For every token its ∞-gram probability, the longest n-gram ending at it that occurs in
 * the corpus and that n-gram's count; the maximal spans of the text that occur verbatim; and each
 * model's teacher-forced scores.
 *
 * @param tokens the text's tokens
 * @param infgram entry {@code i}: P(token i | tokens before it) under the ∞-gram model
 * @param match entry {@code i}: length of the longest n-gram ending at token {@code i} (inclusive)
 *     that occurs in the corpus; 0 when the token itself never occurs
 * @param matchCount entry {@code i}: occurrences of that n-gram (0 when the length is 0)
 * @param spans the maximal spans of at least {@code minLength} tokens, each with a first page of
 *     its occurrences
 * @param models each model's scores, in the order given
 */
public record TextTrace(
    int[] tokens,
    List<InfiniGram.Probability> infgram,
    int[] match,
    long[] matchCount,
    List<Spans.Span> spans,
    List<TokenModelScores> models) {

  /**
   * Traces {@code tokens} through {@code index} and {@code models} (name to model; may be empty),
   * listing up to {@code occurrences} occurrences per span.
   */
  public static TextTrace of(
      IndexReader index,
      int[] tokens,
      int minLength,
      int occurrences,
      Map<String, LanguageModel> models)
      throws BadInputException {
    List<InfiniGram.Probability> infgram = InfiniGram.sequence(index, tokens);
    // Every occurring n-gram lies within a maximal span (of length >= 1), so the longest one
    // ending at token i starts where the earliest maximal span still covering i starts.
    List<Spans.Span> all = Spans.of(index, tokens, 1, 0, occurrences);
    int[] match = new int[tokens.length];
    for (Spans.Span s : all) {
      for (int i = s.start(); i < s.end(); i++) {
        match[i] = Math.max(match[i], i + 1 - s.start());
      }
    }
    long[] matchCount = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      if (match[i] > 0) {
        matchCount[i] = index.count(Arrays.copyOfRange(tokens, i + 1 - match[i], i + 1));
      }
    }
    List<Spans.Span> spans = all.stream().filter(s -> s.end() - s.start() >= minLength).toList();
    List<TokenModelScores> scores = new ArrayList<>();
    if (tokens.length > 1) {
      models.forEach((name, lm) -> scores.add(TokenModelScores.of(name, lm, tokens)));
    }
    return new TextTrace(tokens, infgram, match, matchCount, spans, List.copyOf(scores));
  }
}
