package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.tokens.Tokenizer;
import java.util.Arrays;

/**
 * Mem_inf's reference model: the infini-gram probability of a traced output n-gram sy given the
 * task text before it (the tracing prompt and the output up to sy, {@link OutputSpan}), the product
 * over sy's tokens of P_inf(token | context and sy's tokens before it), each from the longest
 * suffix of its context that occurs in the corpus (Liu et al. 2024, {@link InfiniGram#of}).
 *
 * <p>A token that never followed that suffix has probability 0, and so has the whole n-gram: after
 * a task prompt the longest matching suffix is rarely followed by the output's next token, and
 * nearly every exact product is 0. The paper's released code leaves zero factors out of the product
 * ({@code compute_llm_prob.py}); Mem_inf ranks that ({@link Estimate#ranked}), except that an
 * n-gram all of whose factors are 0 is left out, where the released code would give it probability
 * 1. Both values are stored.
 */
public final class InfgramOutputs {
  private final IndexReader index;
  private final Tokenizer tokenizer;

  public InfgramOutputs(IndexReader index, Tokenizer tokenizer) {
    this.index = index;
    this.tokenizer = tokenizer;
  }

  /**
   * @param logprob log P_inf(sy | text before sy); -infinity when a factor is 0
   * @param tokens sy's tokens
   * @param zeroTokens tokens whose factor is 0
   * @param nonzeroLogprob the sum over the other tokens, as the released code takes it
   */
  public record Estimate(double logprob, int tokens, int zeroTokens, double nonzeroLogprob) {
    /** What Mem_inf ranks: the nonzero factors' sum, -infinity when every factor is 0. */
    public double ranked() {
      return ranked(tokens, zeroTokens, nonzeroLogprob);
    }

    public static double ranked(int tokens, int zeroTokens, double nonzeroLogprob) {
      return zeroTokens == tokens ? Double.NEGATIVE_INFINITY : nonzeroLogprob;
    }
  }

  public Estimate of(Task task, TaskExample example, WordNgrams.Ngram output)
      throws BadInputException {
    OutputSpan s = OutputSpan.of(task, example, output);
    int[] context = tokenizer.encode(s.context());
    int[] span = tokenizer.encode(s.span());
    int[] text = Arrays.copyOf(context, context.length + span.length);
    System.arraycopy(span, 0, text, context.length, span.length);
    double nonzero = 0;
    int zeros = 0;
    for (int i = 0; i < span.length; i++) {
      int at = context.length + i;
      double p = InfiniGram.of(index, Arrays.copyOf(text, at), text[at]).probability();
      if (p > 0) nonzero += Math.log(p);
      else zeros++;
    }
    return new Estimate(
        zeros > 0 ? Double.NEGATIVE_INFINITY : nonzero, span.length, zeros, nonzero);
  }
}
