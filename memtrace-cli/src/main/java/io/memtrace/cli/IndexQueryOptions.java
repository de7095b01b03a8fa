package io.memtrace.cli;

import io.memtrace.AnswerJson;
import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every index query shares: the index, the tokenizer for texts, JSON output. */
final class IndexQueryOptions {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "INDEX",
      description = "Index directory (memtrace index build).")
  Path index;

  @Option(
      names = "--tokenizer",
      paramLabel = "T",
      description =
          "tokenizer.json for --text and for showing tokens; default: the one the index recorded."
              + " Refused if it is not the tokenizer the index was built with.")
  Path tokenizer;

  @Option(names = "--json", description = "Print the result record as JSON.")
  boolean json;

  IndexReader open() throws IOException {
    return IndexReader.open(index);
  }

  /**
   * The index's tokenizer: needed for texts; otherwise only to show tokens, so null when none is
   * given and the recorded one is not there.
   */
  Tokenizer tokenizer(IndexReader reader, boolean needed) throws BadInputException {
    String recorded = reader.manifest().tokenizer();
    if (!needed && tokenizer == null && (recorded == null || !Files.exists(Path.of(recorded)))) {
      return null;
    }
    return reader.tokenizer(tokenizer);
  }

  /** The n-gram given as ids or as a text, in options named {@code names} for messages. */
  static int[] ngram(List<Integer> ids, String text, Tokenizer tokenizer, String names)
      throws BadInputException {
    if (ids != null && text != null) {
      throw new BadInputException(names + ": give token ids or a text, not both");
    }
    if (ids != null) return ids.stream().mapToInt(Integer::intValue).toArray();
    if (text != null) return tokenizer.encode(text);
    throw new BadInputException(names + ": give token ids or a text");
  }

  /** {@code 'text'} of the tokens, or their ids without a tokenizer. */
  static String show(int[] tokens, Tokenizer tokenizer) {
    if (tokenizer == null) return java.util.Arrays.toString(tokens);
    return "'" + tokenizer.decode(tokens).replace("\n", "\\n") + "'";
  }

  void printJson(PrintWriter out, Object result) throws IOException {
    out.println(AnswerJson.PRETTY.writeValueAsString(result));
  }
}
