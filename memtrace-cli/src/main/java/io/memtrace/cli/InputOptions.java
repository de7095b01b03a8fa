package io.memtrace.cli;

import io.memtrace.corpus.CorpusInputs;
import io.memtrace.corpus.DocumentSource;
import io.memtrace.corpus.TextSplit;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that name a text corpus. */
final class InputOptions {
  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Text files, .jsonl(.gz|.zst) files, directories of them, or 'europarl' for the embedded"
              + " corpus.")
  List<String> inputs;

  @Option(
      names = "--split",
      defaultValue = "paragraph",
      paramLabel = "MODE",
      description =
          "How plain-text files become documents: ${COMPLETION-CANDIDATES} (paragraph: blocks"
              + " separated by blank lines). Default: ${DEFAULT-VALUE}.")
  TextSplit split;

  @Option(
      names = "--text-field",
      defaultValue = "text",
      paramLabel = "FIELD",
      description = "JSONL field holding the document text. Default: ${DEFAULT-VALUE}.")
  String textField;

  DocumentSource source() throws IOException {
    return CorpusInputs.resolve(inputs, split, textField);
  }
}
