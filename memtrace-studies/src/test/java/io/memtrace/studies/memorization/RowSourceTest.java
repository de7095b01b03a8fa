package io.memtrace.studies.memorization;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.TextFileSource;
import io.memtrace.corpus.TextSplit;
import io.memtrace.index.IndexWriter;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.analysis.AnalysisSettings;
import io.memtrace.studies.prediction.PredictionRunner;
import io.memtrace.studies.prediction.PredictionSettings;
import io.memtrace.studies.prepare.TokenizerTraining;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import io.memtrace.tokens.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where study A's rows come from: a headerless .bin of fixed rows (as Pythia's pre-shuffled Pile)
 * is recorded with its row length and reopened the same way by every later analysis; a short row
 * anywhere is named; an index of another tokenizer is refused.
 */
class RowSourceTest {
  @TempDir Path dir;

  /** The fixture rows copied into a headerless .bin of uint16 rows (no .idx beside it). */
  private Path headerless() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path bin = dir.resolve("pile.bin");
    try (TokenStore store = TokenStore.open(rows)) {
      ByteBuffer b =
          ByteBuffer.allocate((int) (2 * store.sequenceCount() * StudyFixtures.LENGTH))
              .order(ByteOrder.LITTLE_ENDIAN);
      for (long r = 0; r < store.sequenceCount(); r++) {
        for (int t : store.sequence(r)) b.putShort((short) t);
      }
      Files.write(bin, b.array());
    }
    return bin;
  }

  @Test
  void aHeaderlessStoreIsReopenedWithItsRowLength() throws Exception {
    Path bin = headerless();
    Path db = dir.resolve("r.duckdb");
    var settings =
        new MemorizationSettings(
            List.of(ModelRef.of(A)),
            bin,
            StudyFixtures.LENGTH,
            new RowSelection.All(),
            false,
            null,
            List.of(8),
            List.of(12),
            64,
            1,
            true,
            null);
    MemorizationRunner.run(settings, db, Reporter.SILENT);
    assertThat(table(db, "SELECT row_length FROM memorization_sources").get("0").get(0))
        .isEqualTo(StudyFixtures.LENGTH);
    // Both reopen the rows: the embedding dynamics and the predictor.
    var written =
        AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), null, true, 1), db).tables();
    assertThat(written)
        .extracting(AnalysisRunner.Written::table)
        .contains("analysis_embedding_centroids");
    var trained =
        PredictionRunner.train(
            new PredictionSettings("pythia-tiny", 8, 12, 60, 1, 1, dir.resolve("fig"), 16, 1, 2),
            2,
            dir.resolve("predictor"),
            db);
    assertThat(trained.rows()).isPositive();
  }

  @Test
  void aShortRowPastTheFirstThousandIsNamed() throws Exception {
    Path rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(1);
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int i = 0; i < 1100; i++) {
        int[] row = new int[i == 1050 ? 10 : 24];
        for (int j = 0; j < row.length; j++) row[j] = r.nextInt(256);
        w.add(row);
      }
      w.commit();
    }
    var settings =
        new MemorizationSettings(
            List.of(ModelRef.of(A)),
            rows,
            null,
            new RowSelection.TrainingSteps(104, 106, 10),
            false,
            null,
            List.of(8),
            List.of(12),
            64,
            1,
            true,
            null);
    assertThatThrownBy(
            () -> MemorizationRunner.run(settings, dir.resolve("r.duckdb"), Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessage(rows + ": row 1050 has 10 tokens; C = 8 + L = 12 needs 20");
  }

  @Test
  void anIndexOfAnotherTokenizerIsRefused() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path db = dir.resolve("r.duckdb");
    MemorizationRunner.run(
        MemorizationSettings.of(
            List.of(ModelRef.of(A)), rows, new RowSelection.Sample(5, 1), List.of(8), List.of(4)),
        db,
        Reporter.SILENT);
    // A corpus tokenized with a tokenizer of its own, and its index.
    Path corpus = dir.resolve("other.txt");
    Files.writeString(corpus, "one two three four\n\nfive six seven eight nine ten\n");
    var source = new TextFileSource(corpus, TextSplit.PARAGRAPH);
    Path tokenizer =
        TokenizerTraining.train(source, 280, 1 << 20, dir.resolve("other-tok"), Reporter.SILENT);
    Path store = dir.resolve("other");
    try (Tokenizer t = Tokenizer.load(tokenizer)) {
      CorpusIngest.run(source, t, store, true, Progress.NONE);
    }
    Path index = dir.resolve("other.index");
    try (TokenStore tokens = TokenStore.open(store)) {
      IndexWriter.build(
          tokens,
          StoreMetadata.readIfPresent(store),
          index,
          new IndexWriter.Options(64 << 20, 1),
          Progress.NONE);
    }
    assertThatThrownBy(
            () -> AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), index, false, 1), db))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(index + ": was built with the tokenizer of SHA-256 ")
        .hasMessageContaining("model 'pythia-tiny'");
    // An index that records no tokenizer is checked with the one the user names for it.
    Path bare = dir.resolve("bare.index");
    try (TokenStore tokens = TokenStore.open(store)) {
      IndexWriter.build(tokens, null, bare, new IndexWriter.Options(64 << 20, 1), Progress.NONE);
    }
    assertThatThrownBy(
            () ->
                AnalysisRunner.run(
                    new AnalysisSettings(
                        dir.resolve("fig"), bare, false, 1, null, tokenizer, null, null),
                    db))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(bare + ": was built with the tokenizer of SHA-256 ");
  }

  @Test
  void aTokenOutsideTheVocabularyIsNamedByItsStoreRow() throws Exception {
    Path rows = dir.resolve("oov");
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 70000)) {
      for (int i = 0; i < 30; i++) {
        int[] row = new int[24];
        for (int j = 0; j < row.length; j++) row[j] = (i * 7 + j) % 200;
        if (i == 17) row[5] = 65000; // past the fixture model's vocabulary
        w.add(row);
      }
      w.commit();
    }
    var settings =
        MemorizationSettings.of(
            List.of(ModelRef.of(A)), rows, new RowSelection.All(), List.of(8), List.of(12));
    assertThatThrownBy(
            () -> MemorizationRunner.run(settings, dir.resolve("r.duckdb"), Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            rows
                + ": row 17, token 5: id 65000 is outside the vocabulary of"
                + " model 'pythia-tiny'");
  }
}
