package io.memtrace.corpus;

import io.memtrace.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A corpus as a stream of documents, read once, in a fixed order. */
public interface DocumentSource {
  /** A consumer of documents; it stops the reading by returning false or by failing. */
  @FunctionalInterface
  interface Sink {
    /** Takes one document; returns whether to go on reading. */
    boolean accept(Document document) throws IOException;
  }

  /** Human-readable name of the source, for messages and store metadata. */
  String name();

  /** The files the documents are read from, so that no output is written over them. */
  default List<Path> files() {
    return List.of();
  }

  /** Size of the underlying input in bytes as stored (compressed if compressed), for progress. */
  long sizeBytes() throws IOException;

  /**
   * Reads the documents in order into {@code sink} until it returns false; reports stored bytes
   * consumed to {@code progress}. Returns false if the sink stopped the reading.
   */
  boolean read(Sink sink, Progress progress) throws IOException;
}
