package io.memtrace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON shape of memtrace's answers (records with snake_case fields), shared by the command
 * line's {@code --json} and the web API so both print the same document for the same query.
 */
public final class AnswerJson {
  /** Compact, for the web API. */
  public static final ObjectMapper COMPACT =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** Indented, for a terminal. */
  public static final ObjectMapper PRETTY =
      COMPACT.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private AnswerJson() {}
}
