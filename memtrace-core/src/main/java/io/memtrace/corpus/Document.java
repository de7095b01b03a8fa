package io.memtrace.corpus;

/**
 * One document of a corpus: its text and where it came from ({@code file:line}, {@code file} or a
 * resource name), so that later errors and statistics can point back at the source.
 */
public record Document(String source, String text) {}
