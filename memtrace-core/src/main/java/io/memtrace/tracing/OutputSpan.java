package io.memtrace.tracing;

/**
 * A traced output n-gram as the LM and the infini-gram model score it: {@code context} is the
 * tracing prompt and the traced output up to the n-gram, without its trailing whitespace, and
 * {@code span} is that whitespace followed by the n-gram. Byte-level BPE tokenizers attach a space
 * to the word after it, and the two parts are tokenized separately so that the span's tokens are
 * exactly the ones scored.
 */
public record OutputSpan(String context, String span) {
  public static OutputSpan of(Task task, TaskExample example, WordNgrams.Ngram output) {
    String before =
        task.tracingPrompt(example) + example.tracedOutput().substring(0, output.start());
    String context = before.stripTrailing();
    return new OutputSpan(context, before.substring(context.length()) + output.text());
  }
}
