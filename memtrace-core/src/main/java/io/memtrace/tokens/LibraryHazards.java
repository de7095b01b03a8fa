package io.memtrace.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The tokenizer.json contents on which the Hugging Face tokenizers library (Rust, through JNI)
 * panics and aborts the whole process, or works for minutes, instead of returning an error; refused
 * before it reads the file. Each was found by fuzzing; every other malformed file the library
 * refuses by itself.
 */
final class LibraryHazards {
  private LibraryHazards() {}

  /**
   * The longest added token, in characters. The library's loading time grows faster than the square
   * of an added token's length (64,000 characters: 21 s here; a million: minutes); real added
   * tokens are a few characters.
   */
  static final int MAX_ADDED_TOKEN = 4096;

  /**
   * The deepest nesting the library's JSON reader takes (serde_json's recursion limit); past it,
   * inside the decoder, the library aborts.
   */
  static final int MAX_DEPTH = 128;

  /**
   * Refuses what the library's JSON reader fails on and its decoder then unwraps, anywhere in the
   * file: an unpaired surrogate in a string or key (a JSON {@code \\u} escape can write one),
   * nesting deeper than {@link #MAX_DEPTH}, a number beyond the range of a double; an added token
   * longer than {@link #MAX_ADDED_TOKEN}; and a BPE merge whose second token the library cannot cut
   * the model's {@code continuing_subword_prefix} off: it cuts by the prefix's length in bytes, and
   * panics when that falls inside a character or past the token.
   */
  static void refuse(Path file, JsonNode root) throws BadInputException {
    walk(file, root, "", 1);
    JsonNode added = root.path("added_tokens");
    for (int i = 0; i < added.size(); i++) {
      String content = added.path(i).path("content").asText("");
      if (content.length() > MAX_ADDED_TOKEN) {
        throw BadInputException.in(
            file,
            "added_tokens[%d] is %,d characters long; memtrace takes added tokens of up to %,d"
                .formatted(i, content.length(), MAX_ADDED_TOKEN));
      }
    }
    JsonNode model = root.path("model");
    JsonNode prefix = model.path("continuing_subword_prefix");
    if (!prefix.isTextual()) return;
    int cut = prefix.textValue().getBytes(StandardCharsets.UTF_8).length;
    JsonNode merges = model.path("merges");
    for (int i = 0; i < merges.size(); i++) {
      String second = secondToken(merges.path(i));
      if (second == null) continue;
      byte[] bytes = second.getBytes(StandardCharsets.UTF_8);
      if (cut > bytes.length || (cut < bytes.length && (bytes[cut] & 0xC0) == 0x80)) {
        throw BadInputException.in(
            file,
            ("model.merges[%d]: \"%s\" cannot lose the %d bytes of its continuing_subword_prefix"
                    + " \"%s\" (expected a token that starts with it)")
                .formatted(i, second, cut, prefix.textValue()));
      }
    }
  }

  /**
   * The second token of a merge, {@code "a b"} or {@code ["a", "b"]}; null if neither (the library
   * refuses that by itself).
   */
  private static String secondToken(JsonNode merge) {
    if (merge.isTextual()) {
      String[] parts = merge.textValue().split(" ", -1);
      return parts.length == 2 ? parts[1] : null;
    }
    if (merge.isArray() && merge.size() == 2 && merge.get(1).isTextual()) {
      return merge.get(1).textValue();
    }
    return null;
  }

  private static void walk(Path file, JsonNode node, String at, int depth)
      throws BadInputException {
    if (depth > MAX_DEPTH) {
      throw BadInputException.in(
          file,
          "nested more than %d levels deep at %s; the tokenizers library reads at most %d"
              .formatted(MAX_DEPTH, at, MAX_DEPTH));
    }
    if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      throw BadInputException.in(file, "the number at " + at + " is beyond the range of a double");
    }
    if (node.isTextual() && hasLoneSurrogate(node.textValue())) {
      throw BadInputException.in(file, "the string at " + at + " holds an unpaired surrogate");
    }
    for (var field : node.properties()) {
      String pointer = at + "/" + field.getKey();
      if (hasLoneSurrogate(field.getKey())) {
        throw BadInputException.in(file, "the key at " + pointer + " holds an unpaired surrogate");
      }
      walk(file, field.getValue(), pointer, depth + 1);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) walk(file, node.get(i), at + "/" + i, depth + 1);
    }
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
