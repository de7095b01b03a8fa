package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task-gram probability in documents and in occurrences, from counts worked out by hand. */
class TaskGramPairTest {
  @TempDir Path dir;

  private static final WordNgrams.Ngram X = new WordNgrams.Ngram("Germany", 1, 0, 7);
  private static final WordNgrams.Ngram Y = new WordNgrams.Ngram("Deutschland", 1, 0, 11);

  private static TaskGramPair pair(long docsX, long docsBoth, long occX, long occXWithY) {
    return new TaskGramPair(0, 1, X, Y, 0.9, docsX, 99, docsBoth, occX, occXWithY);
  }

  @Test
  void documentsAndOccurrencesEachDivideTheirOwnUnit() {
    // 3 of the 12 documents with x also hold y; 7 of x's 10 occurrences lie in those documents
    TaskGramPair p = pair(12, 3, 10, 7);
    assertThat(p.taskGramProbability(false)).isEqualTo(0.25);
    assertThat(p.taskGramProbability(true)).isEqualTo(0.7);
    assertThat(pair(5, 5, 9, 9).taskGramProbability(false)).isEqualTo(1.0);
    assertThat(pair(5, 5, 9, 9).taskGramProbability(true)).isEqualTo(1.0);
  }

  @Test
  void countsFromAnIndexGiveTheHandComputedProbabilities() throws Exception {
    // x is spelled [1] or [5]; y is [2]
    List<int[]> docs =
        List.of(
            new int[] {1, 2, 1}, // 0: x twice, y
            new int[] {1, 3}, // 1: x once
            new int[] {2, 3}, // 2: y only
            new int[] {5, 4, 2}, // 3: x once (other spelling), y
            new int[0], // 4: empty
            new int[] {1, 1, 5}, // 5: x three times (both spellings)
            new int[] {3}); // 6: neither
    // x: documents 0, 1, 3, 5 (4), occurrences 2 + 1 + 1 + 3 = 7
    // y: documents 0, 2, 3 (3); both: 0, 3 (2); x's occurrences there 2 + 1 = 3
    try (IndexReader index = TestIndexes.build(dir, docs, 6, 1L << 30)) {
      DocumentSets.Documents x = DocumentSets.of(index, List.of(new int[] {1}, new int[] {5}));
      DocumentSets.Documents y = DocumentSets.of(index, List.of(new int[] {2}));
      long both = DocumentSets.intersect(x, y);
      // the same fields TaskGramMiner.mine fills
      TaskGramPair p =
          new TaskGramPair(
              0,
              1,
              X,
              Y,
              0.9,
              x.size(),
              y.size(),
              both,
              x.occurrences(),
              DocumentSets.occurrencesIn(index, List.of(new int[] {1}, new int[] {5}), y));
      assertThat(p.documentsInput()).isEqualTo(4);
      assertThat(p.documentsOutput()).isEqualTo(3);
      assertThat(p.documentsBoth()).isEqualTo(2);
      assertThat(p.occurrencesInput()).isEqualTo(7);
      assertThat(p.occurrencesInputWithOutput()).isEqualTo(3);
      assertThat(p.taskGramProbability(false)).isEqualTo(2.0 / 4);
      assertThat(p.taskGramProbability(true)).isEqualTo(3.0 / 7);
    }
  }
}
