package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.model.LanguageModel;
import io.memtrace.results.ResultsDatabase;
import io.memtrace.results.TracingAnalyses;
import io.memtrace.results.TracingTables;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.InfgramTaskGrams;
import io.memtrace.tracing.NgramDocuments;
import io.memtrace.tracing.SentenceEncoder;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.TaskExample;
import io.memtrace.tracing.TaskGramMiner;
import io.memtrace.tracing.TaskGramPair;
import io.memtrace.tracing.TaskScorer;
import io.memtrace.tracing.tasks.CountryNamesTask;
import io.memtrace.tracing.tasks.TaskFormat;
import io.memtrace.tracing.tasks.TaskReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Study B on a task: mines the task-gram pairs once per task (stored with their corpus counts and
 * reference probabilities), then scores every model on the pairs and the examples, and stores the
 * distributional memorization and generalization measures. A model already stored for a task is
 * skipped, so an interrupted run continues where it stopped.
 */
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
      names = "--models",
      required = true,
      split = ",",
      paramLabel = "MODEL",
      description = "Model directories or hub ids.")
  List<Path> models;

  @Option(names = "--revision", defaultValue = "main", description = "Hub revision of hub ids.")
  String revision;

  @Option(names = "--offline", description = "Hub ids from the cache only.")
  boolean offline;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "Results database.")
  Path db;

  @Option(names = "--min-n", defaultValue = "1", description = "Smallest n. Default: 1.")
  int minN;

  @Option(names = "--max-n", defaultValue = "3", description = "Largest n. Default: 3.")
  int maxN;

  @Option(
      names = "--gamma",
      split = ",",
      paramLabel = "[N=]COSINE",
      description =
          "Cosine thresholds: one for every n, or N=VALUE per n. Default: study B's per task kind"
              + " (translation .85/.85/.8/.75/.7 for n=1..5, others .75/.75/.75/.7/.65).")
  List<String> gamma;

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
      description = "Task-gram LM from occurrence counts instead of document counts.")
  boolean occurrences;

  @Option(names = "--figures", paramLabel = "DIR", description = "Where figures go.")
  Path figures;

  @Option(names = "--threads", paramLabel = "N", description = "Default: all processors.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (minN < 1 || maxN < minN) {
      throw new BadInputException("--min-n " + minN + " and --max-n " + maxN + " are no range");
    }
    if ((encoderModel == null) != (encoderTokenizer == null)) {
      throw new BadInputException("--encoder-model and --encoder-tokenizer go together");
    }
    List<Task> taskList = loadTasks();
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    PrintWriter print = spec.commandLine().getOut();
    try (IndexReader index = IndexReader.open(indexDir);
        Tokenizer tokenizer = index.tokenizer(null);
        ResultsDatabase results = ResultsDatabase.open(db)) {
      results.transaction(TracingTables::create);
      SentenceEncoder encoder = null;
      for (Task task : taskList) {
        TaskGramMiner.Settings settings = settings(task);
        String described = describe(task, settings, encoderName());
        String stored = TracingTables.taskSettings(results.connection(), task.name());
        if (stored != null && !stored.equals(described)) {
          throw BadInputException.in(
              db,
              "holds task '"
                  + task.name()
                  + "' mined with "
                  + stored
                  + ", not "
                  + described
                  + "; use another database");
        }
        if (stored == null) {
          for (String language : List.of(task.sourceLanguage(), task.targetLanguage())) {
            if (io.memtrace.tracing.StopWords.forLanguage(language).isEmpty()) {
              print.printf(
                  "%s: no stop-word list for language '%s' (memtrace has %s); its n-grams keep"
                      + " their stop words%n",
                  task.name(), language, io.memtrace.tracing.StopWords.languages());
            }
          }
          if (encoder == null) encoder = encoder();
          mine(task, settings, described, index, tokenizer, encoder, results);
        }
        TracingTables.StoredPairs pairs = TracingTables.pairs(results.connection(), task.name());
        print.printf("%s: %,d task-gram pairs%n", task.name(), pairs.pairs().size());
        for (Path given : models) {
          Path dir = ModelOptions.resolve(given, revision, offline);
          String name = dir.equals(given) ? MemorizeCommand.name(dir) : given + "@" + revision;
          if (TracingTables.modelDone(results.connection(), task.name(), name)) continue;
          try (Tokenizer own = index.tokenizer(dir.resolve("tokenizer.json"));
              LanguageModel lm = LanguageModel.load(dir, n)) {
            lm.packWeights(Runtime.getRuntime().maxMemory() / 8); // answers decode token by token
            score(task, name, dir, lm, own, pairs, results);
          }
        }
      }
      Path figureDir = figures == null ? db.toAbsolutePath().resolveSibling("figures") : figures;
      TracingAnalyses.run(results, figureDir);
      print.println(TracingAnalyses.summary(results));
      print.println("figures -> " + figureDir);
    }
    return 0;
  }

  private List<Task> loadTasks() throws Exception {
    List<Task> out = new ArrayList<>();
    for (String t : tasks) {
      if (t.equals("countries")) {
        out.addAll(CountryNamesTask.all());
      } else if (t.startsWith("countries:")) {
        try {
          out.add(CountryNamesTask.of(t.substring("countries:".length())));
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--task " + t + ": " + e.getMessage());
        }
      } else {
        Path file = Path.of(t);
        if (!Files.isRegularFile(file)) {
          throw new BadInputException(
              "--task " + t + ": no such file, and not countries or countries:LANG");
        }
        Task task =
            target != null
                ? TaskReader.readWmt(file, source == null ? "en" : source, target)
                : format == null ? TaskReader.read(file) : TaskReader.read(file, format);
        out.add(task);
      }
    }
    if (template != null) {
      List<Task> with = new ArrayList<>();
      for (Task task : out) {
        try {
          with.add(task.withTemplate(template.replace("\\n", "\n")));
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--template: " + e.getMessage());
        }
      }
      out = with;
    }
    return out;
  }

  private TaskGramMiner.Settings settings(Task task) throws BadInputException {
    Map<Integer, Double> g = new TreeMap<>();
    double[] defaults =
        task.kind() == Task.Kind.TRANSLATION
            ? new double[] {.85, .85, .8, .75, .7}
            : new double[] {.75, .75, .75, .7, .65};
    for (int k = minN; k <= maxN; k++) g.put(k, defaults[Math.min(k, 5) - 1]);
    if (gamma != null) {
      for (String s : gamma) {
        try {
          int eq = s.indexOf('=');
          if (eq < 0) {
            double v = Double.parseDouble(s);
            g.replaceAll((k, old) -> v);
          } else {
            int k = Integer.parseInt(s.substring(0, eq).strip());
            if (k < minN || k > maxN) {
              throw new BadInputException(
                  "--gamma " + s + ": n=" + k + " is outside " + minN + ".." + maxN);
            }
            g.put(k, Double.parseDouble(s.substring(eq + 1)));
          }
        } catch (NumberFormatException e) {
          throw new BadInputException("--gamma " + s + ": expected COSINE or N=COSINE");
        }
      }
    }
    return new TaskGramMiner.Settings(minN, maxN, g);
  }

  private String encoderName() {
    return encoderModel == null
        ? "e5-small-v2"
        : encoderModel.toAbsolutePath().normalize() + " prefix='" + encoderPrefix + "'";
  }

  private SentenceEncoder encoder() throws BadInputException {
    return encoderModel == null
        ? SentenceEncoder.e5SmallV2()
        : SentenceEncoder.onnx(encoderModel, encoderTokenizer, encoderPrefix);
  }

  /**
   * Everything the stored pairs and scores depend on: the examples and prompt (hashed), the mining
   * settings, the index. A rerun under the same task name must match it.
   */
  private String describe(Task task, TaskGramMiner.Settings s, String encoderName) {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (TaskExample ex : task.examples()) {
      for (String field :
          List.of(ex.id(), ex.input(), ex.output(), String.join("\u0001", ex.choices()))) {
        sha.update(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
    }
    sha.update(task.template().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "examples="
        + task.examples().size()
        + " sha256="
        + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16)
        + " n="
        + s.minN()
        + ".."
        + s.maxN()
        + " gamma="
        + new TreeMap<>(s.gamma())
        + " encoder="
        + encoderName
        + " counts="
        + (occurrences ? "occurrences" : "documents")
        + " index="
        + indexDir.toAbsolutePath().normalize();
  }

  private void mine(
      Task task,
      TaskGramMiner.Settings settings,
      String described,
      IndexReader index,
      Tokenizer tokenizer,
      SentenceEncoder encoder,
      ResultsDatabase results)
      throws Exception {
    List<TaskGramPair> pairs;
    long candidates = TaskGramMiner.candidates(task, settings.minN(), settings.maxN()).size();
    try (var bar = ProgressBars.open(task.name() + " pairs", candidates, "pairs", 1)) {
      pairs =
          new TaskGramMiner(encoder, new NgramDocuments(index, tokenizer))
              .mine(task, settings, bar);
    }
    double[] taskgram = new double[pairs.size()];
    double[] infgram = new double[pairs.size()];
    InfgramTaskGrams inf = new InfgramTaskGrams(index, tokenizer);
    for (int i = 0; i < pairs.size(); i++) {
      taskgram[i] = Math.log(pairs.get(i).taskGramProbability(occurrences));
      infgram[i] = inf.logprob(pairs.get(i));
    }
    results.transaction(
        c ->
            TracingTables.insertTask(
                c,
                task.name(),
                task.kind().name(),
                task.sourceLanguage(),
                task.targetLanguage(),
                task.examples().size(),
                described,
                tokenizer.sha256(),
                pairs,
                taskgram,
                infgram));
  }

  private void score(
      Task task,
      String name,
      Path dir,
      LanguageModel lm,
      Tokenizer tokenizer,
      TracingTables.StoredPairs stored,
      ResultsDatabase results)
      throws Exception {
    TracingTables.registerModel(
        results,
        name,
        dir.toAbsolutePath().normalize().toString(),
        ParameterCounts.of(lm).total(),
        ParameterCounts.of(lm).nonEmbedding());
    TaskScorer scorer = new TaskScorer(lm, tokenizer, task);
    List<TaskGramPair> pairs = stored.pairs();
    double[] lmLogprob;
    List<TaskScorer.Outcome> outcomes;
    try (var bar = ProgressBars.open(task.name() + " " + name, 2, "passes", 1)) {
      lmLogprob = scorer.outputLogprobs(pairs);
      bar.advance(1);
      outcomes = scorer.outcomes();
      bar.advance(1);
    }
    // A text shorter than n words is the same n-gram at every larger n: count each pair once.
    long[] coverage = new long[task.examples().size()];
    java.util.Set<String> counted = new java.util.HashSet<>();
    for (TaskGramPair p : pairs) {
      if (counted.add(p.example() + "\u0000" + p.input().text() + "\u0000" + p.output().text())) {
        coverage[p.example()] += p.documentsBoth();
      }
    }
    List<DistributionalMemorization.Measure> measures =
        DistributionalMemorization.of(pairs, stored.taskgram(), stored.infgram(), lmLogprob);
    List<String> ids = task.examples().stream().map(TaskExample::id).toList();
    results.transaction(
        c ->
            TracingTables.insertModel(
                c, task.name(), name, ids, lmLogprob, outcomes, coverage, measures));
  }
}
