package io.memtrace.spark;

import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.TextSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace spark ingest}: {@link IngestJob}. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Tokenize many corpus files into one token store: each task ingests a group of files, the"
          + " driver concatenates the parts. Byte for byte the store of memtrace corpus ingest.",
      "Example: memtrace spark ingest --input pile/train --tokenizer tok/tokenizer.json --out"
          + " data/pile --partitions 64"
    })
final class SparkIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "PATH",
      description = "Files or directories (plain text, .jsonl, .jsonl.gz, .jsonl.zst).")
  List<String> inputs;

  @Option(names = "--tokenizer", required = true, paramLabel = "T", description = "tokenizer.json.")
  Path tokenizer;

  @Option(names = "--out", required = true, paramLabel = "STORE", description = "Store prefix.")
  Path out;

  @Option(
      names = "--split",
      defaultValue = "paragraph",
      description = "Documents of plain text: file, paragraph or line.")
  TextSplit split;

  @Option(names = "--text-field", defaultValue = "text", description = "Field of JSON Lines.")
  String textField;

  @Option(names = "--no-eos", description = "Do not append the EOS token to each document.")
  boolean noEos;

  @Option(
      names = "--partitions",
      converter = Counts.Positive.class,
      defaultValue = "64",
      description = "Groups of files (tasks), at most one per file.")
  int partitions;

  @Override
  public Integer call() throws Exception {
    var result =
        IngestJob.run(
            master.session("ingest"),
            new IngestJob.Settings(inputs, tokenizer, out, split, textField, !noEos, partitions),
            TaskProbe.NONE);
    spec.commandLine()
        .getOut()
        .printf(
            "%,d documents, %,d tokens in %d partitions -> %s (%.1f s)%n",
            result.store().documents(),
            result.store().tokens(),
            result.partitions(),
            out,
            result.seconds());
    return 0;
  }
}
