package io.memtrace.corpus;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the inputs a user names into one {@link DocumentSource}: {@code europarl} for the embedded
 * corpus, {@code .jsonl[.gz|.zst]} files as JSON Lines, any other file as plain text, and a
 * directory as all its files in name order. Token stores ({@code .bin}/{@code .idx}) are refused:
 * they are already tokens and are read as stores.
 */
public final class CorpusInputs {
  private CorpusInputs() {}

  public static DocumentSource resolve(List<String> inputs, TextSplit split, String jsonField)
      throws IOException {
    if (inputs.isEmpty()) throw new BadInputException("no input given");
    List<DocumentSource> sources = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals(EuroparlCorpus.NAME)) {
        sources.add(new EuroparlCorpus());
        continue;
      }
      for (Path file : files(Path.of(input))) {
        String name = file.getFileName().toString();
        if (name.endsWith(".bin") || name.endsWith(".idx")) {
          throw BadInputException.in(
              file, "is a token store, not text; read it with --store (corpus stats --store)");
        }
        sources.add(
            isJsonl(name) ? new JsonlSource(file, jsonField) : new TextFileSource(file, split));
      }
    }
    return sources.size() == 1 ? sources.getFirst() : new Concatenated(sources);
  }

  /**
   * The files {@code inputs} name, in the order {@link #resolve} reads them: each file as given,
   * each directory as its files in name order. {@code europarl} is not a file and is refused.
   */
  public static List<Path> files(List<String> inputs) throws IOException {
    if (inputs.isEmpty()) throw new BadInputException("no input given");
    List<Path> out = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals(EuroparlCorpus.NAME)) {
        throw new BadInputException(
            "europarl: the embedded corpus is one resource, not files to share out; ingest it with"
                + " memtrace corpus ingest");
      }
      out.addAll(files(Path.of(input)));
    }
    return out;
  }

  static boolean isJsonl(String fileName) {
    return fileName.endsWith(".jsonl")
        || fileName.endsWith(".jsonl.gz")
        || fileName.endsWith(".jsonl.zst");
  }

  private static List<Path> files(Path input) throws IOException {
    if (Files.isRegularFile(input)) return List.of(input);
    if (!Files.isDirectory(input)) {
      throw BadInputException.in(input, "no such file or directory (or the name 'europarl')");
    }
    try (Stream<Path> walk = Files.walk(input)) {
      List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
      if (files.isEmpty()) throw BadInputException.in(input, "directory holds no files");
      return files;
    }
  }

  /** Sources read one after another. */
  private record Concatenated(List<DocumentSource> parts) implements DocumentSource {
    @Override
    public String name() {
      return String.join(" + ", parts.stream().map(DocumentSource::name).toList());
    }

    @Override
    public List<Path> files() {
      return parts.stream().flatMap(s -> s.files().stream()).toList();
    }

    @Override
    public long sizeBytes() throws IOException {
      long total = 0;
      for (DocumentSource s : parts) total += s.sizeBytes();
      return total;
    }

    @Override
    public boolean read(Sink sink, Progress progress) throws IOException {
      for (DocumentSource s : parts) {
        if (!s.read(sink, progress)) return false;
      }
      return true;
    }
  }
}
