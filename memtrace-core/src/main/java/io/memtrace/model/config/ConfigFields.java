package io.memtrace.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.BadInputException;
import java.nio.file.Path;

/** Typed reads of config.json fields with defaults and messages naming the file and the field. */
final class ConfigFields {
  private final Path file;
  private final JsonNode root;

  ConfigFields(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  boolean has(String key) {
    return root.hasNonNull(key);
  }

  int positiveInt(String key) throws BadInputException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) throw bad(key + " is missing; expected a positive integer");
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
      throw bad(key + " is " + n + "; expected a positive integer");
    }
    return n.asInt();
  }

  int positiveInt(String key, int fallback) throws BadInputException {
    return has(key) ? positiveInt(key) : fallback;
  }

  double positiveDouble(String key, double fallback) throws BadInputException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return fallback;
    if (!n.isNumber() || n.asDouble() <= 0) {
      throw bad(key + " is " + n + "; expected a positive number");
    }
    return n.asDouble();
  }

  boolean bool(String key, boolean fallback) throws BadInputException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return fallback;
    if (!n.isBoolean()) throw bad(key + " is " + n + "; expected true or false");
    return n.asBoolean();
  }

  String string(String key, String fallback) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  /** An int or a list of ints ({@code eos_token_id} may be either); empty when absent. */
  int[] ints(String key) throws BadInputException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return new int[0];
    if (n.canConvertToInt() && n.isIntegralNumber()) return new int[] {n.asInt()};
    if (n.isArray()) {
      int[] out = new int[n.size()];
      for (int i = 0; i < out.length; i++) {
        if (!n.get(i).isIntegralNumber() || !n.get(i).canConvertToInt())
          throw bad(key + " is " + n + "; expected integers");
        out[i] = n.get(i).asInt();
      }
      return out;
    }
    throw bad(key + " is " + n + "; expected an integer or a list of integers");
  }

  Activation activation(String key, String fallback) throws BadInputException {
    return Activation.parse(file, string(key, fallback));
  }

  JsonNode node(String key) {
    return root.path(key);
  }

  BadInputException bad(String what) {
    return BadInputException.in(file, what);
  }
}
