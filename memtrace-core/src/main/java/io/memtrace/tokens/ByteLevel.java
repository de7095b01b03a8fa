package io.memtrace.tokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPT-2 byte-level scheme shared by GPT-2, GPT-NeoX (Pythia), OLMo and Llama 3: text is split
 * into pre-tokens by a regular expression, and each pre-token's UTF-8 bytes are spelled with 256
 * printable characters, so a vocabulary of strings covers every byte sequence without an unknown
 * token and without a space in any token (merges are stored as "left right").
 */
public final class ByteLevel {
  /**
   * The GPT-2 split, as Hugging Face's {@code ByteLevel} pre-tokenizer applies it with {@code
   * use_regex: true}. {@link Pattern#UNICODE_CHARACTER_CLASS} makes {@code \s} match Unicode white
   * space (no-break space, ideographic space, ...) as Oniguruma's {@code \s} does in the Rust
   * library; without it Java would treat a no-break space as punctuation and split differently.
   */
  public static final Pattern PRE_TOKEN =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[324];

  static {
    Arrays.fill(CHAR_TO_BYTE, -1);
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      char c = printable ? (char) b : (char) next++;
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteLevel() {}

  /** The character that spells byte {@code b} (0..255) in token strings. */
  public static char charOf(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte (0..255) that character {@code c} spells, or -1 if it spells none. */
  public static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** The token spelling of {@code text}'s UTF-8 bytes. */
  public static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(chars);
  }

  /**
   * The bytes a token spelling stands for.
   *
   * @throws IllegalArgumentException if a character is outside the 256-character alphabet
   */
  public static byte[] decode(String spelling) {
    byte[] bytes = new byte[spelling.length()];
    for (int i = 0; i < bytes.length; i++) {
      int b = byteOf(spelling.charAt(i));
      if (b < 0) {
        throw new IllegalArgumentException(
            "character U+%04X at %d is not a byte-level character"
                .formatted((int) spelling.charAt(i), i));
      }
      bytes[i] = (byte) b;
    }
    return bytes;
  }

  /** Passes each pre-token of {@code text}, in order; their concatenation is {@code text}. */
  public static void forEachPreToken(CharSequence text, Consumer<String> action) {
    Matcher m = PRE_TOKEN.matcher(text);
    while (m.find()) {
      action.accept(m.group());
    }
  }

  /** The pre-tokens of {@code text}, in order. */
  public static List<String> preTokenize(CharSequence text) {
    List<String> out = new ArrayList<>();
    forEachPreToken(text, out::add);
    return out;
  }
}
