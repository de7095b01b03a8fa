package io.memtrace.corpus;

/** How a plain-text file is cut into documents. */
public enum TextSplit {
  /** The whole file is one document, byte for byte. */
  FILE,
  /** Blocks of lines separated by one or more blank lines; lines joined by {@code \n}. */
  PARAGRAPH,
  /** Every non-empty line is a document. */
  LINE
}
