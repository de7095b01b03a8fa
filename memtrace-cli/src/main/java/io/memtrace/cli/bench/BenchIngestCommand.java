package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.memtrace.AtomicWrite;
import io.memtrace.Progress;
import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusSample;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.corpus.JsonlSource;
import io.memtrace.studies.prepare.TokenizerTraining;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Ingest throughput on Europarl: memtrace's ingest against Hugging Face tokenizers driven from
 * Python the way Megatron's preprocess_data.py does it ({@code tools/hf_ingest.py}), same
 * tokenizer.json, same JSONL input, same thread count, alternating runs; the two stores must be
 * byte-identical. Also times BPE training and the phases of memtrace's ingest.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest throughput (tokens/s) on the embedded Europarl corpus, memtrace vs Hugging Face"
          + " tokenizers (Python, tools/hf_ingest.py), side by side.",
      "Needs python3 with numpy and tokenizers for the comparison (or --no-python)."
    })
final class BenchIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Repeat runs = new BenchOptions.Repeat(3);

  @Mixin BenchOptions.Python python = new BenchOptions.Python();

  @Option(
      names = "--vocab",
      converter = Counts.Positive.class,
      defaultValue = "8192",
      description = "Tokenizer vocabulary size.")
  int vocab;

  @Option(
      names = "--work",
      defaultValue = "bench-out/ingest",
      paramLabel = "DIR",
      description = "Scratch directory. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(work);
    int n = threads.count();
    spec.commandLine()
        .getOut()
        .printf("ingest benchmark: Europarl, vocabulary %d, %d threads%n", vocab, n);

    long t0 = System.nanoTime();
    Path tokenizerFile =
        TokenizerTraining.train(
            new EuroparlCorpus(),
            vocab,
            TokenizerTraining.DEFAULT_MAX_CHARS,
            work.resolve("tokenizer"),
            new ConsoleReporter(spec.commandLine().getOut()));
    spec.commandLine()
        .getOut()
        .printf("BPE training (vocab %d): %.1f s%n", vocab, (System.nanoTime() - t0) / 1e9);

    List<String> texts =
        CorpusSample.firstTexts(new EuroparlCorpus(), Long.MAX_VALUE, Progress.NONE);
    Path jsonl = work.resolve("europarl.jsonl");
    writeJsonl(texts, jsonl);
    long chars = texts.stream().mapToLong(String::length).sum();
    spec.commandLine()
        .getOut()
        .printf("input: %,d documents, %,d characters, %s%n", texts.size(), chars, jsonl);

    try (Tokenizer tokenizer = Tokenizer.load(tokenizerFile)) {
      long e0 = System.nanoTime();
      long encoded = 0;
      for (int i = 0; i < texts.size(); i += 1024) {
        for (int[] ids :
            tokenizer.encodeBatch(texts.subList(i, Math.min(i + 1024, texts.size())))) {
          encoded += ids.length;
        }
      }
      double encodeOnly = encoded / ((System.nanoTime() - e0) / 1e9);
      spec.commandLine()
          .getOut()
          .printf(
              "memtrace encode only (in memory, batches of 1024): %,.0f tokens/s%n", encodeOnly);

      int eos = tokenizer.eosId().orElseThrow();
      // One untimed run so the timed ones measure compiled code, not the JIT.
      CorpusIngest.run(
          new JsonlSource(jsonl, "text"), tokenizer, work.resolve("warmup"), true, Progress.NONE);
      Path script = home().resolve("tools/hf_ingest.py");
      double[] ours = new double[runs.count()];
      double[] theirs = new double[runs.count()];
      for (int r = 0; r < runs.count(); r++) {
        Path mine = work.resolve("memtrace-" + r);
        CorpusIngest.Result result =
            CorpusIngest.run(new JsonlSource(jsonl, "text"), tokenizer, mine, true, Progress.NONE);
        ours[r] = result.tokensPerSecond();
        spec.commandLine()
            .getOut()
            .printf(
                "run %d memtrace ingest: %,.0f tokens/s (%,d tokens)%n",
                r, ours[r], result.tokens());
        if (python.off()) continue;
        Path hf = work.resolve("hf-" + r);
        JsonNode py = runPython(python.or("python3"), script, tokenizerFile, jsonl, hf, eos, n);
        theirs[r] = py.get("tokens").asLong() / py.get("seconds").asDouble();
        spec.commandLine()
            .getOut()
            .printf("run %d HF tokenizers (Python) ingest: %,.0f tokens/s%n", r, theirs[r]);
        requireIdentical(mine, hf);
      }
      double m = Timings.median(ours);
      spec.commandLine().getOut().printf("%nmemtrace ingest: median %,.0f tokens/s%n", m);
      if (!python.off()) {
        double h = Timings.median(theirs);
        spec.commandLine()
            .getOut()
            .printf("HF tokenizers (Python) ingest: median %,.0f tokens/s%n", h);
        spec.commandLine()
            .getOut()
            .printf("ratio memtrace / HF Python: %.2fx (stores byte-identical)%n", m / h);
      }
    }
    return 0;
  }

  private static Path home() {
    String home = System.getProperty("memtrace.home");
    return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
  }

  private static void writeJsonl(List<String> texts, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    AtomicWrite.write(
        file,
        out -> {
          for (String t : texts) {
            out.write(json.writeValueAsBytes(JsonNodeFactory.instance.objectNode().put("text", t)));
            out.write('\n');
          }
        });
  }

  private static JsonNode runPython(
      String exe, Path script, Path tokenizer, Path jsonl, Path out, int eos, int threads)
      throws Exception {
    List<String> cmd =
        List.of(
            exe,
            script.toString(),
            tokenizer.toString(),
            jsonl.toString(),
            out.toString(),
            "--eos",
            Integer.toString(eos),
            "--threads",
            Integer.toString(threads));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(
          "the Python reference failed ("
              + String.join(" ", cmd)
              + "); it needs python3 with numpy and tokenizers, or run with --no-python");
    }
    return new ObjectMapper().readTree(stdout.strip().lines().reduce((a, b) -> b).orElse("{}"));
  }

  private static void requireIdentical(Path a, Path b) throws IOException {
    for (String ext : new String[] {".bin", ".idx"}) {
      Path x = a.resolveSibling(a.getFileName() + ext);
      Path y = b.resolveSibling(b.getFileName() + ext);
      if (Files.mismatch(x, y) != -1) {
        throw new IOException(x + " and " + y + " differ: the two ingests disagree");
      }
    }
  }
}
