package io.memtrace.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.memtrace.AtomicWrite;
import io.memtrace.OutputPaths;
import io.memtrace.Utf8Lines;
import io.memtrace.cli.console.ProgressBars;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Teacher-forced scoring: for each input line, the model's statistics at every position that"
          + " predicts a token of the line.",
      "Input lines: {\"tokens\": [ids...]} or {\"text\": \"...\"} (tokenized with the model's"
          + " tokenizer.json, no special tokens added).",
      "Output lines, for positions 1..T-1: {\"argmax\": [...], \"target_logprob\": [...],"
          + " \"entropy\": [...]} (natural log, nats), plus \"tokens\" when text was given and"
          + " \"top_ids\"/\"top_logprobs\" with --top-k.",
      "Example: memtrace score --model pythia-160m --input rows.jsonl --out scores.jsonl"
    })
final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOptions options;

  @Option(names = "--input", required = true, paramLabel = "IN.jsonl", description = "Rows.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "OUT.jsonl", description = "Scores.")
  Path out;

  @Option(
      names = "--batch",
      converter = Counts.Positive.class,
      defaultValue = "16",
      paramLabel = "ROWS",
      description = "Rows per forward pass. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--top-k",
      converter = Counts.NonNegative.class,
      defaultValue = "0",
      paramLabel = "K",
      description = "Also list the K most likely tokens per position.")
  int topK;

  @Option(
      names = "--suppress",
      split = ",",
      paramLabel = "ID",
      description = "Token ids removed from every distribution (e.g. the EOS id).")
  List<Integer> suppress = List.of();

  @Override
  public Integer call() throws Exception {
    OutputPaths.prepare(out, input, options.model);
    long t0 = System.nanoTime();
    long[] totals = new long[2];
    try (LanguageModel model = options.open();
        Tokenizer tokenizer = options.tokenizerIfPresent();
        Utf8Lines reader = new Utf8Lines(Files.newInputStream(input), input.toString());
        ProgressBars bar = ProgressBars.open("score", -1, "rows", 1)) {
      // Batch after batch reuses every weight: lay them out once when the copy fits the heap.
      model.packWeights(Runtime.getRuntime().maxMemory() / 8);
      ScoreOptions scoring = ScoreOptions.DEFAULT.withTopK(topK).withSuppressed(suppress);
      ScoreInput rows = new ScoreInput(input, reader, tokenizer, model.vocabSize());
      AtomicWrite.write(
          out,
          stream -> {
            try (JsonGenerator json =
                new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
              json.setRootValueSeparator(null);
              for (List<ScoreInput.Row> part = rows.next(batch);
                  !part.isEmpty();
                  part = rows.next(batch)) {
                int[][] tokens = part.stream().map(ScoreInput.Row::tokens).toArray(int[][]::new);
                RowScores[] scores = model.score(tokens, scoring);
                for (int r = 0; r < tokens.length; r++) {
                  write(json, stream, part.get(r), scores[r]);
                  totals[1] += tokens[r].length;
                }
                totals[0] += tokens.length;
                bar.advance(tokens.length);
              }
            }
          });
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            "scored %,d rows, %,d tokens in %.1f s (%,.0f tokens/s) -> %s%n",
            totals[0], totals[1], seconds, totals[1] / seconds, out);
    return 0;
  }

  private void write(JsonGenerator json, OutputStream stream, ScoreInput.Row row, RowScores s)
      throws IOException {
    json.writeStartObject();
    if (row.fromText()) {
      json.writeFieldName("tokens");
      json.writeArray(row.tokens(), 0, row.tokens().length);
    }
    json.writeFieldName("argmax");
    json.writeArray(s.argmax(), 0, s.positions());
    floats(json, "target_logprob", s.targetLogprob());
    floats(json, "entropy", s.entropy());
    if (topK > 0) {
      json.writeArrayFieldStart("top_ids");
      for (int[] ids : s.topIds()) json.writeArray(ids, 0, ids.length);
      json.writeEndArray();
      json.writeArrayFieldStart("top_logprobs");
      for (float[] lp : s.topLogprobs()) {
        json.writeStartArray();
        for (float v : lp) json.writeNumber(v);
        json.writeEndArray();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    json.flush();
    stream.write('\n');
  }

  private static void floats(JsonGenerator json, String name, float[] values) throws IOException {
    json.writeArrayFieldStart(name);
    for (float v : values) json.writeNumber(v);
    json.writeEndArray();
  }
}
