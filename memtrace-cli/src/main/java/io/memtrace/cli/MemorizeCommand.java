package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.memorization.Memorizer;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.DuplicateManifest;
import io.memtrace.results.MemorizationTable;
import io.memtrace.results.ResultsDatabase;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace memorize}: study A's memorization scores of training rows into the database. */
@Command(
    name = "memorize",
    mixinStandardHelpOptions = true,
    description = {
      "Score training rows by greedy decoding for every model and (context, continuation): score ="
          + " matching tokens / continuation, exact flag, first mismatch, the greedy tokens,"
          + " entropies, edit distance, BLEU, duplication count.",
      "One teacher-forced pass finds the first mismatch; greedy decoding runs only from there on"
          + " the cached true prefix. Resumable: rows already in the database are skipped, and each"
          + " batch is committed in one transaction.",
      "Example: memtrace memorize --models suite/models/mini-790k/step300 --rows suite/rows"
          + " --sample 1000 --seed 1 --context 32,64 --continuation 16,32 --db results.duckdb"
    })
final class MemorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--models",
      required = true,
      split = ",",
      description = "Model directories or hub ids OWNER/NAME (at --revision).")
  List<Path> models;

  @Option(names = "--revision", defaultValue = "main", description = "Hub revision of hub ids.")
  String revision;

  @Option(names = "--offline", description = "Hub ids from the cache only.")
  boolean offline;

  @Option(names = "--rows", required = true, paramLabel = "STORE", description = "Training rows.")
  Path rows;

  @Option(
      names = "--row-length",
      paramLabel = "N",
      description = "Rows of a headerless .bin (Pythia: 2049); default: the store's sequences.")
  Integer rowLength;

  static final class Selection {
    @Option(names = "--sample", paramLabel = "N", description = "N rows drawn without replacement.")
    Integer sample;

    @Option(names = "--all", description = "Every row.")
    boolean all;

    @Option(
        names = "--rows-of-steps",
        paramLabel = "A:B",
        description = "The rows of training steps A..B-1 (with --batch).")
    String steps;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of --sample.")
  long seed;

  @Option(names = "--batch", paramLabel = "B", description = "Rows per training step.")
  Integer batch;

  @Option(
      names = "--include-duplicates",
      description =
          "Also score each planted passage of the duplicates manifest (its first row: the copies"
              + " are identical rows).")
  boolean includeDuplicates;

  private final List<Long> passageRows = new ArrayList<>();

  @Option(
      names = "--duplicates",
      paramLabel = "FILE",
      description = "Planted-duplicates manifest; default: duplicates.json beside the store.")
  Path duplicates;

  @Option(names = "--context", defaultValue = "32", split = ",", description = "Context sizes C.")
  List<Integer> contexts;

  @Option(
      names = "--continuation",
      defaultValue = "16,32",
      split = ",",
      description = "Continuation sizes L.")
  List<Integer> continuations;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "Results database.")
  Path db;

  @Option(names = "--batch-rows", defaultValue = "64", description = "Rows per forward batch.")
  int batchRows;

  @Option(names = "--threads", paramLabel = "N", description = "Default: all processors.")
  Integer threads;

  @Option(
      names = "--no-eos-suppression",
      description = "Let the model end early (default: EOS suppressed for L tokens, as Pythia).")
  boolean noEosSuppression;

  @Override
  public Integer call() throws Exception {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    // A size given twice is one grid point (and the sizes of a context are stored together).
    contexts = contexts.stream().distinct().toList();
    continuations = continuations.stream().distinct().toList();
    try (TokenStore store =
        rowLength == null
            ? TokenStore.open(rows)
            : TokenStore.openRows(rows, rowLength, TokenDtype.U16)) {
      long count = store.sequenceCount();
      int shortest = Integer.MAX_VALUE;
      for (long r = 0; r < Math.min(count, 1000); r++) {
        shortest = Math.min(shortest, store.sequenceLength(r));
      }
      for (int c : contexts) {
        for (int l : continuations) {
          if (c < 1 || l < 1 || c + l > shortest) {
            throw new BadInputException(
                rows
                    + ": C = "
                    + c
                    + " + L = "
                    + l
                    + " does not fit rows of "
                    + shortest
                    + " tokens");
          }
        }
      }
      Map<Long, Integer> dup = duplicates(store);
      long[] selected = select(count, dup);
      run(store, selected, dup, n);
    }
    return 0;
  }

  private Map<Long, Integer> duplicates(TokenStore store) throws Exception {
    Path file = duplicates;
    if (file == null) {
      Path beside = rows.toAbsolutePath().resolveSibling(DuplicateManifest.FILE);
      if (Files.exists(beside)) file = beside;
    }
    if (file == null) return null;
    Map<Long, Integer> m = new HashMap<>();
    for (DuplicateManifest.Passage p : DuplicateManifest.read(file).passages()) {
      passageRows.add(p.rows()[0]);
      for (long r : p.rows()) {
        if (r >= store.sequenceCount()) {
          throw BadInputException.in(file, "row " + r + " is past the store's last row");
        }
        m.put(r, p.count());
      }
    }
    return m;
  }

  private long[] select(long count, Map<Long, Integer> dup) throws BadInputException {
    TreeSet<Long> out = new TreeSet<>();
    if (selection.all) {
      for (long r = 0; r < count; r++) out.add(r);
    } else if (selection.sample != null) {
      if (selection.sample > count || selection.sample < 1) {
        throw new BadInputException(
            "--sample " + selection.sample + ": the store has " + count + " rows");
      }
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      while (out.size() < selection.sample) out.add(random.nextLong(count));
    } else {
      if (batch == null) throw new BadInputException("--rows-of-steps needs --batch");
      String[] ab = selection.steps.split(":");
      long a;
      long b;
      try {
        a = Long.parseLong(ab[0]);
        b = Long.parseLong(ab[1]);
      } catch (RuntimeException e) {
        throw new BadInputException("--rows-of-steps " + selection.steps + ": expected A:B");
      }
      if (a < 0 || b <= a || b * batch > count) {
        throw new BadInputException(
            "--rows-of-steps "
                + selection.steps
                + " x "
                + batch
                + " rows: the store has "
                + count
                + " rows");
      }
      for (long r = a * batch; r < b * batch; r++) out.add(r);
    }
    if (includeDuplicates) {
      if (dup == null) throw new BadInputException("--include-duplicates: no manifest found");
      out.addAll(passageRows);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private void run(TokenStore store, long[] selected, Map<Long, Integer> dup, int n)
      throws Exception {
    PrintWriter print = spec.commandLine().getOut();
    StoreMetadata meta = StoreMetadata.readIfPresent(rows);
    try (ResultsDatabase results = ResultsDatabase.open(db)) {
      results.transaction(MemorizationTable::create);
      long units = (long) models.size() * contexts.size() * continuations.size() * selected.length;
      try (var bar = ProgressBars.open("memorize", units, "rows", 1)) {
        for (Path given : models) {
          Path dir = ModelOptions.resolve(given, revision, offline);
          String name = dir.equals(given) ? name(dir) : given + "@" + revision;
          try (LanguageModel lm = LanguageModel.load(dir, n)) {
            // Greedy continuations decode token by token: small models run faster packed.
            lm.packWeights(Runtime.getRuntime().maxMemory() / 8);
            String sha = tokenizerSha(dir);
            if (meta != null
                && meta.tokenizerSha256() != null
                && sha != null
                && !sha.equals(meta.tokenizerSha256())) {
              throw new BadInputException(
                  dir
                      + ": its tokenizer differs from the one of "
                      + rows
                      + " (SHA-256 "
                      + sha
                      + " vs "
                      + meta.tokenizerSha256()
                      + ")");
            }
            register(results, name, dir, lm, sha);
            List<Integer> eos = noEosSuppression ? List.of() : lm.config().eosTokenIds();
            Memorizer memorizer = new Memorizer(lm, eos);
            int[] ls = continuations.stream().mapToInt(Integer::intValue).toArray();
            for (int c : contexts) {
              // Every continuation size shares one pass and one decoding per row: a row is run
              // when any of its sizes is missing, and only the missing ones are stored.
              List<Set<Long>> done = new ArrayList<>();
              for (int l : ls) {
                done.add(MemorizationTable.scoredRows(results.connection(), name, c, l));
              }
              List<Long> todo = new ArrayList<>();
              for (long r : selected) {
                int have = 0;
                for (Set<Long> d : done) if (d.contains(r)) have++;
                bar.advance(have);
                if (have < ls.length) todo.add(r);
              }
              for (int i = 0; i < todo.size(); i += batchRows) {
                int m = Math.min(batchRows, todo.size() - i);
                long[] ids = new long[m];
                int[][] tokens = new int[m][];
                for (int k = 0; k < m; k++) {
                  ids[k] = todo.get(i + k);
                  tokens[k] = store.sequence(ids[k]);
                }
                RowMemorization[][] scored = memorizer.run(ids, tokens, c, ls);
                List<RowMemorization> missing = new ArrayList<>();
                for (int s = 0; s < ls.length; s++) {
                  for (RowMemorization row : scored[s]) {
                    if (!done.get(s).contains(row.row())) missing.add(row);
                  }
                }
                RowMemorization[] insert = missing.toArray(RowMemorization[]::new);
                Integer[] copies = new Integer[insert.length];
                for (int k = 0; k < insert.length; k++) {
                  copies[k] = dup == null ? null : dup.getOrDefault(insert[k].row(), 1);
                }
                results.transaction(conn -> MemorizationTable.insert(conn, name, insert, copies));
                bar.advance(insert.length);
              }
            }
          }
        }
      }
      print.printf(
          "%,d rows x %d models x %d contexts x %d continuations -> %s%n",
          selected.length, models.size(), contexts.size(), continuations.size(), db);
      summary(print, results);
    }
  }

  /** Exact share per model and (C, L). */
  static void summary(PrintWriter print, ResultsDatabase results) throws SQLException {
    try (PreparedStatement p =
            results
                .connection()
                .prepareStatement(
                    "SELECT m.model, m.context, m.continuation, count(*), avg(m.exact::INT),"
                        + " avg(m.score) FROM memorization m JOIN models USING (model)"
                        + " GROUP BY ALL ORDER BY any_value(models.non_embedding_parameters),"
                        + " m.model, m.context, m.continuation");
        ResultSet r = p.executeQuery()) {
      print.printf(
          "  %-22s %7s %12s %7s %14s %10s%n",
          "model", "context", "continuation", "rows", "fully memorized", "mean score");
      while (r.next()) {
        print.printf(
            "  %-22s %7d %12d %7d %13.2f%% %10.3f%n",
            r.getString(1),
            r.getInt(2),
            r.getInt(3),
            r.getLong(4),
            100 * r.getDouble(5),
            r.getDouble(6));
      }
    }
  }

  private void register(
      ResultsDatabase results, String name, Path dir, LanguageModel lm, String sha)
      throws Exception {
    String path = dir.toAbsolutePath().normalize().toString();
    String store = rows.toAbsolutePath().normalize().toString();
    try (PreparedStatement p =
        results
            .connection()
            .prepareStatement(
                "SELECT path, rows_store, eos_suppressed FROM models WHERE model = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        if (r.next()) {
          if (!r.getString(1).equals(path)
              || !r.getString(2).equals(store)
              || r.getBoolean(3) == noEosSuppression) {
            throw BadInputException.in(
                db,
                "already holds model '"
                    + name
                    + "' scored from "
                    + r.getString(1)
                    + " on "
                    + r.getString(2)
                    + " (eos suppressed: "
                    + r.getBoolean(3)
                    + "); use another database");
          }
          return;
        }
      }
    }
    ParameterCounts counts = ParameterCounts.of(lm);
    Long step = step(dir);
    results.transaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO models VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, name);
            p.setString(2, path);
            p.setLong(3, counts.total());
            p.setLong(4, counts.nonEmbedding());
            if (step == null) p.setNull(5, java.sql.Types.BIGINT);
            else p.setLong(5, step);
            p.setString(6, store);
            p.setString(7, sha);
            p.setBoolean(8, !noEosSuppression);
            p.execute();
          }
        });
  }

  /** {@code parent/stepN} for a checkpoint directory named stepN, else the directory's name. */
  static String name(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    String last = d.getFileName().toString();
    if (last.matches("step\\d+") && d.getParent() != null) {
      return d.getParent().getFileName() + "/" + last;
    }
    return last;
  }

  private static Long step(Path dir) throws Exception {
    Path state = dir.resolve("trainer_state.json");
    if (Files.exists(state)) {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(state.toFile())
          .get("step")
          .asLong();
    }
    var m = java.util.regex.Pattern.compile("step(\\d+)").matcher(dir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }

  private static String tokenizerSha(Path dir) throws Exception {
    if (!Files.exists(dir.resolve("tokenizer.json"))) return null;
    try (Tokenizer t = Tokenizer.load(dir.resolve("tokenizer.json"))) {
      return t.sha256();
    }
  }
}
