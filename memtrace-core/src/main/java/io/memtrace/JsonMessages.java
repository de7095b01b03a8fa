package io.memtrace;

import com.fasterxml.jackson.core.JacksonException;
import java.util.regex.Pattern;

/**
 * What a JSON parser's failure says, in words for a user: Jackson's message without the name of the
 * library setting behind a limit ({@code , from `StreamReadConstraints.getMaxNestingDepth()`}).
 */
public final class JsonMessages {
  private static final Pattern SETTING = Pattern.compile(",? *(from|use) `[A-Za-z.]+\\(\\)`[^)]*");

  private JsonMessages() {}

  public static String of(JacksonException e) {
    return SETTING.matcher(e.getOriginalMessage()).replaceAll("").strip();
  }
}
