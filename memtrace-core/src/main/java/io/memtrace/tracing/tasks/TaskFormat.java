package io.memtrace.tracing.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file layouts {@link TaskReader} reads. All but {@link #MMLU_CSV} are JSON Lines, one object
 * per line (blank lines skipped; plain, gzip or zstd), as the Hugging Face datasets export them.
 */
public enum TaskFormat {
  /**
   * memtrace's own: {@code input}, {@code output}, optional {@code choices} (on every example or on
   * none), {@code subject}, {@code id}.
   */
  GENERIC,
  /** Hugging Face {@code wmt*}: {@code {"translation": {"cs": "...", "en": "..."}}}. */
  WMT,
  /**
   * Hugging Face {@code trivia_qa}: {@code question}, {@code question_id}, {@code answer.value},
   * {@code answer.aliases}.
   */
  TRIVIA_QA,
  /**
   * Hugging Face {@code cais/mmlu}: {@code question}, {@code subject}, {@code choices}, {@code
   * answer} (index).
   */
  MMLU,
  /** Original MMLU CSV: {@code question,A,B,C,D,answer letter}, subject from the file name. */
  MMLU_CSV,
  /** Hugging Face {@code gsm8k}: {@code question}, {@code answer} ending in {@code #### N}. */
  GSM8K;

  /** The format of {@code file}: CSV by its name, else by the fields of its first object. */
  public static TaskFormat detect(Path file) throws IOException {
    if (TaskFiles.isCsv(file)) return MMLU_CSV;
    try (JsonLines lines = new JsonLines(file)) {
      ObjectNode first = lines.next();
      if (first == null) throw BadInputException.in(file, "no examples, expected JSON Lines");
      TaskFormat format = ofFields(first);
      if (format == null) {
        throw lines.bad(
            "cannot tell the task format from the fields "
                + JsonExamples.fieldNames(first)
                + "; expected \"input\"/\"output\" (generic), \"translation\" (WMT), \"question\""
                + " with an \"answer\" object (TriviaQA), with \"choices\" (MMLU) or with an"
                + " \"answer\" string (GSM8K)");
      }
      return format;
    }
  }

  private static TaskFormat ofFields(ObjectNode first) {
    if (first.has("input")) return GENERIC;
    if (first.has("translation")) return WMT;
    if (!first.has("question")) return null;
    if (first.has("choices")) return MMLU;
    JsonNode answer = first.get("answer");
    if (answer != null && answer.isObject()) return TRIVIA_QA;
    if (answer != null && answer.isTextual()) return GSM8K;
    return null;
  }
}
