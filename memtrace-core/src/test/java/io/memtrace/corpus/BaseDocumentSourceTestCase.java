package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link DocumentSource}, which the test of every implementation extends: the
 * documents come out in order, exactly as stored, and the same on every read; {@link
 * DocumentSource#sizeBytes} is the size as stored and the progress of a whole read adds up to it; a
 * sink stops the reading by returning false (then {@code read} returns false) or by failing (then
 * its exception ends the reading).
 *
 * <p>A subclass gives a source together with what reading it must give, known without the source:
 * written by the test ({@link BaseWritableDocumentSourceTestCase}) or read from the stored bytes by
 * other code (a fixed corpus).
 */
abstract class BaseDocumentSourceTestCase {
  /**
   * A source and its truth.
   *
   * @param documents what a whole read must give, in order
   * @param storedBytes the size of the input as stored (compressed if compressed)
   */
  protected record Expected(DocumentSource source, List<Document> documents, long storedBytes) {}

  /** The source to check with {@code seed}; a source of fixed content ignores it. */
  protected abstract Expected source(long seed) throws IOException;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 6);
  }

  static List<Document> readAll(DocumentSource source) throws IOException {
    List<Document> documents = new ArrayList<>();
    assertThat(source.read(documents::add, Progress.NONE))
        .as("read to the end returns true")
        .isTrue();
    return documents;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void givesEveryDocumentInOrderAsStored(long seed) throws IOException {
    Expected expected = source(seed);
    assertThat(readAll(expected.source())).isEqualTo(expected.documents());
    assertThat(expected.source().name()).isNotBlank();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void givesTheSameDocumentsOnEveryRead(long seed) throws IOException {
    Expected expected = source(seed);
    assertThat(readAll(expected.source())).isEqualTo(expected.documents());
    assertThat(readAll(expected.source())).isEqualTo(expected.documents());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sizeIsTheStoredSize(long seed) throws IOException {
    Expected expected = source(seed);
    DocumentSource source = expected.source();
    assertThat(source.sizeBytes()).isEqualTo(expected.storedBytes());
    if (!expected.documents().isEmpty()) assertThat(source.sizeBytes()).isPositive();
    readAll(source);
    assertThat(source.sizeBytes()).as("after a read").isEqualTo(expected.storedBytes());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void progressOfAWholeReadAddsUpToTheSize(long seed) throws IOException {
    Expected expected = source(seed);
    AtomicLong total = new AtomicLong();
    List<Long> negative = new ArrayList<>();
    List<Document> documents = new ArrayList<>();
    boolean finished =
        expected
            .source()
            .read(
                documents::add,
                delta -> {
                  if (delta < 0) negative.add(delta);
                  total.addAndGet(delta);
                });
    assertThat(finished).isTrue();
    assertThat(documents).isEqualTo(expected.documents());
    assertThat(negative).as("negative progress").isEmpty();
    assertThat(total.get()).isEqualTo(expected.source().sizeBytes());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSinkReturningFalseStopsTheReading(long seed) throws IOException {
    Expected expected = source(seed);
    List<Document> all = expected.documents();
    if (all.isEmpty()) {
      assertThat(expected.source().read(this::unexpected, Progress.NONE)).isTrue();
      return;
    }
    int random = 1 + new Random(seed).nextInt(all.size());
    for (int stop : new int[] {1, random, all.size()}) {
      List<Document> seen = new ArrayList<>();
      AtomicLong progress = new AtomicLong();
      boolean finished =
          expected.source().read(d -> seen.add(d) && seen.size() < stop, progress::addAndGet);
      assertThat(finished).as("stopped after %d of %d", stop, all.size()).isFalse();
      assertThat(seen).isEqualTo(all.subList(0, stop));
      assertThat(progress.get()).isBetween(0L, expected.storedBytes());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aFailingSinkEndsTheReadingWithItsException(long seed) throws IOException {
    Expected expected = source(seed);
    List<Document> all = expected.documents();
    if (all.isEmpty()) {
      assertThat(expected.source().read(this::unexpected, Progress.NONE)).isTrue();
      return;
    }
    int failAt = new Random(seed).nextInt(all.size());
    IOException failure = new IOException("the sink failed");
    List<Document> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                expected
                    .source()
                    .read(
                        d -> {
                          if (seen.size() == failAt) throw failure;
                          return seen.add(d);
                        },
                        Progress.NONE))
        .isSameAs(failure);
    assertThat(seen).isEqualTo(all.subList(0, failAt));
  }

  private boolean unexpected(Document document) {
    throw new AssertionError("no documents expected, got " + document);
  }
}
