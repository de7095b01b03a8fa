package io.memtrace;

import java.util.Random;

/**
 * Awkward text for seeded property tests: ASCII, accents, Greek, CJK, characters outside the BMP,
 * combining marks, right-to-left script, quotes, separators, whitespace other than spaces and
 * control characters. Built from whole code points, so every string is valid UTF-8.
 */
public final class RandomText {
  private static final String[] PIECES = {
    "a", "b", "z", "Q", "0", "7", " ", " ", "\t", "\"", "\\", ",", ";", "{", "}", "[", "]", ":",
    "#", "'", "é", "ü", "ß", "Ω", "κ", "中", "文", "😀", "𝄞", "\u0301", "م", "ر", "\u00a0", "\u200b",
    "\u2028", "\u3000", "\u0000", "\u001f", "\u007f", "\ufeff", "\ufffd"
  };
  private static final String[] BREAKS = {"\n", "\r\n", "\r"};

  private RandomText() {}

  /** Up to {@code maxCodePoints} code points without line breaks; may be empty or blank. */
  public static String line(Random random, int maxCodePoints) {
    int n = random.nextInt(maxCodePoints + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) out.append(PIECES[random.nextInt(PIECES.length)]);
    return out.toString();
  }

  /** A {@link #line} with at least one character that is not whitespace. */
  public static String nonBlankLine(Random random, int maxCodePoints) {
    String line = line(random, maxCodePoints);
    return line.isBlank() ? line + "x" : line;
  }

  /** Like {@link #line}, with line breaks ({@code \n}, {@code \r\n}, {@code \r}) among the rest. */
  public static String text(Random random, int maxCodePoints) {
    int n = random.nextInt(maxCodePoints + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(
          random.nextInt(8) == 0
              ? BREAKS[random.nextInt(BREAKS.length)]
              : PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }

  /** A {@link #text} with at least one character that is not whitespace. */
  public static String nonBlankText(Random random, int maxCodePoints) {
    String text = text(random, maxCodePoints);
    return text.isBlank() ? text + "x" : text;
  }
}
