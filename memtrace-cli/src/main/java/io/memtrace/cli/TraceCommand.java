package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.ResultsDbOptions;
import io.memtrace.cli.options.StudyModelsOptions;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.studies.tracing.EncoderSpec;
import io.memtrace.studies.tracing.TaskSpecs;
import io.memtrace.studies.tracing.Thresholds;
import io.memtrace.studies.tracing.TracingRunner;
import io.memtrace.studies.tracing.TracingSettings;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.tasks.TaskFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace trace}: study B, tracing a task's abilities to the corpus. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Trace a task's abilities to the corpus (study B): task-gram pairs, their document"
          + " co-occurrence counts, the task-gram LM, the models' probabilities, Mem_n, Mem_inf,"
          + " the generalization distance and performance vs coverage.",
      "Example: memtrace trace --task countries:de,fr --index demo-out/europarl.index"
          + " --models demo-out/suite/models/mini-25k/step300 --db results.duckdb"
    })
final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      required = true,
      split = ",",
      paramLabel = "TASK",
      description =
          "countries (the embedded English country names in cs, de, es, fr, hu, it),"
              + " countries:LANG, or a task file (generic JSONL, WMT, TriviaQA, MMLU, GSM8K).")
  List<String> tasks;

  @Option(names = "--format", description = "Format of task files. Default: detected.")
  TaskFormat format;

  @Option(names = "--source", description = "WMT files: source language. Default: en.")
  String source;

  @Option(names = "--target", description = "WMT files: target language.")
  String target;

  @Option(names = "--template", description = "Prompt template with {input} (and {choices}).")
  String template;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Corpus index.")
  Path indexDir;

  @Option(
      names = "--tokenizer",
      paramLabel = "JSON",
      description =
          "The corpus's tokenizer.json, for an index that records none (a store from elsewhere);"
              + " checked against the index's when it records one.")
  Path tokenizer;

  @Mixin StudyModelsOptions modelsOptions;

  @Mixin ResultsDbOptions dbOptions;

  @Option(
      names = "--min-n",
      converter = Counts.Positive.class,
      defaultValue = "2",
      description = "Smallest n. Default: 2 (the paper's n = 2..5).")
  int minN;

  @Option(
      names = "--max-n",
      converter = Counts.Positive.class,
      defaultValue = "5",
      description = "Largest n. Default: 5.")
  int maxN;

  @Option(
      names = "--gamma",
      split = ",",
      paramLabel = "[N=]COSINE",
      description =
          "Absolute cosine thresholds: one for every n, or N=VALUE per n; implies --gamma-rule"
              + " absolute. Default: study B's per task kind (translation .85/.85/.8/.75/.7 for"
              + " n=1..5, others .75/.75/.75/.7/.65), tuned for LASER and multilingual-e5.")
  List<String> gamma;

  @Option(
      names = "--gamma-rule",
      paramLabel = "calibrated|absolute",
      description =
          "calibrated: keep a pair whose cosine exceeds the (1 - q) quantile of the cosines of"
              + " n-gram pairs drawn from two different examples of the task (per n, any"
              + " encoder); absolute: the --gamma thresholds. Default: calibrated, or absolute"
              + " when --gamma is given.")
  String gammaRule;

  @Option(
      names = "--null-quantile",
      defaultValue = "0.05",
      paramLabel = "Q",
      description =
          "q of the calibrated rule: the share of unrelated pairs that pass. Default: 0.05.")
  double nullQuantile;

  @Option(
      names = "--encoder-model",
      paramLabel = "ONNX",
      description = "A sentence encoder in ONNX (mean pooling). Default: bundled e5-small-v2.")
  Path encoderModel;

  @Option(names = "--encoder-tokenizer", paramLabel = "JSON", description = "Its tokenizer.json.")
  Path encoderTokenizer;

  @Option(
      names = "--encoder-prefix",
      defaultValue = "",
      description = "Text put before every n-gram for --encoder-model (e.g. 'query: ').")
  String encoderPrefix;

  @Option(
      names = "--occurrences",
      description =
          "Task-gram LM from occurrence counts instead of document counts: P(sy | sx) = (occurrences"
              + " of sx in documents that also contain sy) / (occurrences of sx in the corpus),"
              + " each n-gram counted in all its spellings. Default: documents, the paper's"
              + " C(sx, sy) / C(sx).")
  boolean occurrences;

  @Option(
      names = "--mem-unit",
      defaultValue = "output",
      paramLabel = "output|pair",
      description =
          "What Mem_n ranks in the summary and figures: output = one value per (example, output"
              + " n-gram), the task-gram probabilities of its pairs aggregated by their geometric"
              + " mean (the paper's released code and figures); pair = one per (sx, sy) pair. Both"
              + " are stored. Default: output.")
  String memUnit;

  @Option(
      names = "--coverage-bins",
      converter = Counts.Positive.class,
      defaultValue = "5",
      paramLabel = "N",
      description = "Coverage bins for performance vs coverage. Default: 5 (the paper's).")
  int coverageBins;

  @Option(
      names = "--coverage-max",
      converter = Counts.PositiveLong.class,
      defaultValue = "1000",
      paramLabel = "DOCS",
      description =
          "Equal-width coverage bins span (0, DOCS); examples outside are left out. Default: 1000"
              + " (the paper's).")
  long coverageMax;

  @Option(
      names = "--coverage-quantiles",
      description =
          "Bin the examples of positive coverage into groups of about equal size instead of equal"
              + " width (for corpora far from the paper's scale).")
  boolean coverageQuantiles;

  @Option(names = "--figures", paramLabel = "DIR", description = "Where figures go.")
  Path figures;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Default: all processors.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if ((encoderModel == null) != (encoderTokenizer == null)) {
      throw new BadInputException("--encoder-model and --encoder-tokenizer go together");
    }
    List<Task> taskList = TaskSpecs.load(tasks, format, source, target, template);
    PrintWriter print = spec.commandLine().getOut();
    Reporter reporter = new ConsoleReporter(print);
    List<ModelRef> refs = modelsOptions.resolve(reporter);
    List<Path> inputs = new ArrayList<>(modelsOptions.given());
    tasks.stream()
        .filter(t -> !t.equals("countries") && !t.startsWith("countries:"))
        .map(Path::of)
        .forEach(inputs::add);
    inputs.add(indexDir);
    if (tokenizer != null) inputs.add(tokenizer);
    Stream.of(encoderModel, encoderTokenizer).filter(Objects::nonNull).forEach(inputs::add);
    Path db = dbOptions.prepare(inputs);
    Path figureDir = figures == null ? db.toAbsolutePath().resolveSibling("figures") : figures;
    inputs.add(db);
    OutputPaths.refuseInputs(List.of(figureDir), inputs);
    var settings =
        new TracingSettings(
            taskList,
            indexDir,
            tokenizer,
            refs,
            minN,
            maxN,
            thresholds(),
            filterRule(),
            nullQuantile,
            encoderModel == null
                ? EncoderSpec.E5_SMALL_V2
                : new EncoderSpec(encoderModel, encoderTokenizer, encoderPrefix),
            occurrences,
            unit(),
            coverage(),
            figureDir,
            threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    print.println(TracingRunner.run(settings, db, reporter));
    print.println("figures -> " + figureDir);
    return 0;
  }

  private EmbeddingFilter.Rule filterRule() throws BadInputException {
    if (!(nullQuantile > 0 && nullQuantile < 1)) {
      throw new BadInputException(
          "--null-quantile " + nullQuantile + ": expected a number in (0, 1)");
    }
    if (gammaRule == null) {
      return gamma == null ? EmbeddingFilter.Rule.CALIBRATED : EmbeddingFilter.Rule.ABSOLUTE;
    }
    return switch (gammaRule) {
      case "calibrated" -> EmbeddingFilter.Rule.CALIBRATED;
      case "absolute" -> EmbeddingFilter.Rule.ABSOLUTE;
      default ->
          throw new BadInputException(
              "--gamma-rule " + gammaRule + ": expected calibrated or absolute");
    };
  }

  private DistributionalMemorization.Unit unit() throws BadInputException {
    return switch (memUnit) {
      case "output" -> DistributionalMemorization.Unit.OUTPUT;
      case "pair" -> DistributionalMemorization.Unit.PAIR;
      default -> throw new BadInputException("--mem-unit " + memUnit + ": expected output or pair");
    };
  }

  private CoverageBins coverage() throws BadInputException {
    if (!coverageQuantiles && coverageMax < coverageBins) {
      throw new BadInputException(
          "--coverage-max " + coverageMax + " is below --coverage-bins " + coverageBins);
    }
    return new CoverageBins(coverageBins, Math.max(coverageMax, coverageBins), coverageQuantiles);
  }

  private List<Thresholds.Override> thresholds() throws BadInputException {
    List<Thresholds.Override> out = new ArrayList<>();
    if (gamma == null) return out;
    for (String s : gamma) {
      try {
        int eq = s.indexOf('=');
        if (eq < 0) {
          out.add(new Thresholds.Override(null, Double.parseDouble(s)));
        } else {
          int k = Integer.parseInt(s.substring(0, eq).strip());
          if (k < minN || k > maxN) {
            throw new BadInputException(
                "--gamma " + s + ": n=" + k + " is outside " + minN + ".." + maxN);
          }
          out.add(new Thresholds.Override(k, Double.parseDouble(s.substring(eq + 1))));
        }
      } catch (NumberFormatException e) {
        throw new BadInputException("--gamma " + s + ": expected COSINE or N=COSINE");
      }
    }
    return out;
  }
}
