package io.memtrace.server;

import io.helidon.common.parameters.Parameters;
import io.memtrace.tokens.Tokenizer;
import java.util.Arrays;

/** Reads a request's query parameters, refusing missing or out-of-range values by name. */
final class QueryParams {
  private final Parameters query;
  private final ServeSettings.Limits limits;

  QueryParams(Parameters query, ServeSettings.Limits limits) {
    this.query = query;
    this.limits = limits;
  }

  /**
   * The token sequence given as {@code {prefix}tokens} (comma-separated ids) or as {@code
   * {prefix}text}; with {@code optional}, none gives an empty sequence.
   */
  int[] sequence(String prefix, Tokenizer tokenizer, boolean optional) throws RequestException {
    String ids = prefix + "tokens";
    String text = prefix + "text";
    if (query.contains(ids) && query.contains(text)) {
      throw RequestException.bad(ids + "/" + text + ": give token ids or a text, not both");
    }
    int[] out;
    if (query.contains(ids)) {
      out = ids(ids, query.get(ids));
    } else if (query.contains(text)) {
      out = Texts.encode(tokenizer, query.get(text), text, limits);
    } else if (optional) {
      out = new int[0];
    } else {
      throw RequestException.bad(ids + "/" + text + ": give token ids or a text");
    }
    if (out.length > limits.tokens()) {
      throw RequestException.bad(
          "%s: %d tokens, more than the limit of %d"
              .formatted(prefix + "tokens", out.length, limits.tokens()));
    }
    return out;
  }

  private static int[] ids(String name, String value) throws RequestException {
    if (value.isBlank()) return new int[0];
    try {
      return Arrays.stream(value.split(","))
          .map(String::trim)
          .mapToInt(Integer::parseInt)
          .toArray();
    } catch (NumberFormatException e) {
      throw RequestException.bad(name + " '" + value + "': expected comma-separated token ids");
    }
  }

  /** Integer {@code name} in [{@code min}, {@code max}], {@code fallback} when absent. */
  long number(String name, long fallback, long min, long max) throws RequestException {
    if (!query.contains(name)) return fallback;
    String value = query.get(name);
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw RequestException.bad(name + " '" + value + "': expected an integer");
    }
    if (n < min || n > max) {
      throw RequestException.bad("%s %d: expected between %d and %d".formatted(name, n, min, max));
    }
    return n;
  }

  int integer(String name, int fallback, int min, int max) throws RequestException {
    return (int) number(name, fallback, min, max);
  }

  boolean has(String name) {
    return query.contains(name) && !query.get(name).isBlank();
  }

  /** The value of {@code name}, null when absent or blank. */
  String text(String name) {
    return has(name) ? query.get(name) : null;
  }

  /** A number in [0, 1], null when absent or blank. */
  Double fraction(String name) throws RequestException {
    if (!has(name)) return null;
    String value = query.get(name);
    double x;
    try {
      x = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw RequestException.bad(name + " '" + value + "': expected a number");
    }
    if (!(x >= 0 && x <= 1)) throw RequestException.bad(name + " " + value + ": expected 0 to 1");
    return x;
  }

  boolean flag(String name) {
    return query.contains(name) && !query.get(name).equals("false");
  }
}
