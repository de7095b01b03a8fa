package io.memtrace.index.sais;

/**
 * The symbols a level sorts: the caller's text, 16-bit ({@link Chars}) when the alphabet allows,
 * which halves the top level's share of the memory, or 32-bit ({@link Ints}); deeper levels read
 * their names from the suffix array itself. Two final shapes keep each call site bimorphic, so the
 * virtual machine inlines the read.
 */
sealed interface Text {
  /** Symbol {@code i}. */
  int at(int i);

  /** Whether the symbols lie in {@code a} (a recursion level's text in the suffix array). */
  boolean inside(int[] a);

  /** {@code a[o, o + n)}. */
  record Ints(int[] a, int o) implements Text {
    @Override
    public int at(int i) {
      return a[o + i];
    }

    @Override
    public boolean inside(int[] array) {
      return a == array;
    }
  }

  /** Symbols in {@code [0, 65536)}. */
  record Chars(char[] a) implements Text {
    @Override
    public int at(int i) {
      return a[i];
    }

    @Override
    public boolean inside(int[] array) {
      return false;
    }
  }
}
