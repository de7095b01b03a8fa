package io.memtrace.studies.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.studies.StudyFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pages of the memorization browser are the slices of the rows, filtered and sorted in Java over
 * every row inserted.
 */
class MemorizationBrowseTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 6);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pagesAreSlicesOfTheFilteredSortedRows(long seed) throws Exception {
    Random r = new Random(seed);
    Path file = dir.resolve("r.duckdb");
    ResultsDatabase.open(file).close();
    List<MemorizationBrowse.Row> all = new ArrayList<>();
    List<String> inserts = new ArrayList<>();
    for (String model : List.of("a/step1", "b")) {
      for (int context : new int[] {8, 16}) {
        for (int continuation : new int[] {4, 10}) {
          for (long row = 0; row < 8; row++) {
            int matches = r.nextInt(continuation + 1);
            Integer duplicates = r.nextBoolean() ? null : r.nextInt(4);
            var m =
                new MemorizationBrowse.Row(
                    model,
                    row,
                    context,
                    continuation,
                    (double) matches / continuation,
                    matches,
                    matches == continuation,
                    r.nextInt(continuation + 1),
                    r.nextInt(100) / 100.0,
                    duplicates);
            all.add(m);
            inserts.add(
                "INSERT INTO memorization (model, row, context, continuation, score, matches,"
                    + " exact, first_mismatch, bleu, duplicates) VALUES ('%s', %d, %d, %d, %s, %d,"
                        .formatted(model, row, context, continuation, m.score(), matches)
                    + " %s, %d, %s, %s)"
                        .formatted(m.exact(), m.firstMismatch(), m.bleu(), duplicates));
          }
        }
      }
    }
    inserts.add("INSERT INTO models (model, step) VALUES ('a/step1', 1), ('b', NULL)");
    StudyFixtures.execute(file, inserts.toArray(String[]::new));
    try (ResultsDatabase db = ResultsDatabase.openReadOnly(file)) {
      assertThat(MemorizationBrowse.choices(db))
          .isEqualTo(
              new MemorizationBrowse.Choices(
                  List.of("a/step1", "b"), List.of(1L), List.of(8, 16), List.of(4, 10)));
      for (int q = 0; q < 12; q++) {
        var filter =
            new MemorizationBrowse.Filter(
                r.nextBoolean() ? null : r.nextBoolean() ? "a/step1" : "b",
                r.nextBoolean() ? null : 1L,
                r.nextBoolean() ? null : 8,
                r.nextBoolean() ? null : 10,
                r.nextBoolean() ? null : 0.25,
                r.nextBoolean() ? null : 0.8,
                r.nextBoolean() ? null : 2,
                MemorizationBrowse.Sort.values()[
                    r.nextInt(MemorizationBrowse.Sort.values().length)],
                r.nextBoolean());
        long from = r.nextInt(20);
        int limit = 1 + r.nextInt(15);
        List<MemorizationBrowse.Row> expected = truth(all, filter);
        MemorizationBrowse.Page page = MemorizationBrowse.page(db, filter, from, limit);
        assertThat(page.total()).as("%s", filter).isEqualTo(expected.size());
        assertThat(page.rows())
            .as("%s", filter)
            .isEqualTo(
                expected.subList(
                    (int) Math.min(from, expected.size()),
                    (int) Math.min(expected.size(), from + limit)));
      }
    }
  }

  private static List<MemorizationBrowse.Row> truth(
      List<MemorizationBrowse.Row> all, MemorizationBrowse.Filter f) {
    Predicate<MemorizationBrowse.Row> keep =
        m ->
            (f.model() == null || m.model().equals(f.model()))
                && (f.step() == null || m.model().equals("a/step1"))
                && (f.context() == null || m.context() == f.context())
                && (f.continuation() == null || m.continuation() == f.continuation())
                && (f.minScore() == null || m.score() >= f.minScore())
                && (f.maxScore() == null || m.score() <= f.maxScore())
                && (f.minDuplicates() == null
                    || (m.duplicates() != null && m.duplicates() >= f.minDuplicates()));
    Comparator<MemorizationBrowse.Row> key =
        switch (f.sort()) {
          case SCORE -> Comparator.comparingDouble(MemorizationBrowse.Row::score);
          case ROW -> Comparator.comparingLong(MemorizationBrowse.Row::row);
          case MATCHES -> Comparator.comparingInt(MemorizationBrowse.Row::matches);
          case FIRST_MISMATCH -> Comparator.comparingInt(MemorizationBrowse.Row::firstMismatch);
          case BLEU -> Comparator.comparingDouble(MemorizationBrowse.Row::bleu);
          case DUPLICATES ->
              Comparator.comparing(
                  MemorizationBrowse.Row::duplicates,
                  f.descending()
                      ? Comparator.nullsFirst(Comparator.<Integer>naturalOrder())
                      : Comparator.nullsLast(Comparator.<Integer>naturalOrder()));
        };
    if (f.descending()) key = key.reversed();
    Comparator<MemorizationBrowse.Row> order =
        key.thenComparing(MemorizationBrowse.Row::model)
            .thenComparingLong(MemorizationBrowse.Row::row)
            .thenComparingInt(MemorizationBrowse.Row::context)
            .thenComparingInt(MemorizationBrowse.Row::continuation);
    return all.stream().filter(keep).sorted(order).toList();
  }
}
