package io.memtrace.tracing;

/**
 * A task-gram pair of study B: an n-gram of an example's input and one of its output, their
 * embedding cosine, and their corpus counts.
 *
 * @param example the example's position in its task
 * @param documentsInput C(sx, D): documents containing the input n-gram
 * @param documentsOutput documents containing the output n-gram
 * @param documentsBoth C((sx, sy), D): documents containing both
 * @param occurrencesInput occurrences of the input n-gram in the corpus
 * @param occurrencesInputWithOutput occurrences of the input n-gram in documents that also contain
 *     the output n-gram; -1 when not counted (the task-gram LM from documents does not need it)
 */
public record TaskGramPair(
    int example,
    int n,
    WordNgrams.Ngram input,
    WordNgrams.Ngram output,
    double cosine,
    long documentsInput,
    long documentsOutput,
    long documentsBoth,
    long occurrencesInput,
    long occurrencesInputWithOutput) {

  /**
   * The task-gram language model P(sy | sx) = C((sx, sy), D) / C(sx, D), both counts of documents
   * (study B's definition); with {@code occurrences}, the share of sx's occurrences that lie in a
   * document with sy, both counts of occurrences. Either way numerator and denominator count the
   * same unit, so the value is a probability.
   */
  public double taskGramProbability(boolean occurrences) {
    return occurrences
        ? (double) occurrencesInputWithOutput / occurrencesInput
        : (double) documentsBoth / documentsInput;
  }
}
