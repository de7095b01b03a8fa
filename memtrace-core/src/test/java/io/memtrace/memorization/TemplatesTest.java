package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The template heuristics and the taxonomy against hand-made rows. */
class TemplatesTest {
  @Test
  void repeatingPatternsAreRepeating() {
    assertThat(Templates.repeating(new int[] {7, 7, 7, 7, 7, 7})).isTrue();
    assertThat(Templates.repeating(new int[] {1, 2, 3, 1, 2, 3, 1, 2})).isTrue();
    assertThat(Templates.repeating(new int[] {5, 9, 5, 9})).isTrue();
    assertThat(Templates.incrementing(new int[] {5, 9, 5, 9, 5, 9})).isFalse();
  }

  @Test
  void countersAreIncrementing() {
    assertThat(Templates.incrementing(new int[] {10, 11, 12, 13, 14, 15})).isTrue();
    assertThat(Templates.incrementing(new int[] {40, 38, 36, 34})).isTrue();
    // "1 , 2 , 3 , 4 ," with a separator between the counted items.
    assertThat(Templates.incrementing(new int[] {101, 5, 102, 5, 103, 5, 104, 5})).isTrue();
    assertThat(Templates.repeating(new int[] {101, 5, 102, 5, 103, 5, 104, 5})).isFalse();
  }

  @Test
  void nearTemplatesAreNeither() {
    int[] broken = {10, 11, 12, 13, 99, 15, 16, 17};
    assertThat(Templates.incrementing(broken)).isFalse();
    assertThat(Templates.repeating(broken)).isFalse();
    int[] halfRepeat = {1, 2, 3, 4, 5, 1, 2, 3, 4, 6};
    assertThat(Templates.repeating(halfRepeat)).isFalse();
    // Two halves differing by fixed steps: the period is seen only twice, too little for a step.
    assertThat(Templates.incrementing(new int[] {4, 90, 17, 5, 91, 18})).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void randomRowsAreNeither(int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] row = new int[32];
    for (int i = 0; i < row.length; i++) row[i] = r.nextInt(50_000);
    assertThat(Templates.repeating(row)).isFalse();
    assertThat(Templates.incrementing(row)).isFalse();
    assertThat(MemorizationCategory.of(1, row)).isEqualTo(MemorizationCategory.RECOLLECTION);
    assertThat(MemorizationCategory.of(6, row)).isEqualTo(MemorizationCategory.RECITATION);
  }

  @Test
  void categoriesFollowThePapersOrder() {
    int[] counter = {3, 4, 5, 6, 7, 8};
    assertThat(MemorizationCategory.of(5, counter)).isEqualTo(MemorizationCategory.RECONSTRUCTION);
    assertThat(MemorizationCategory.of(6, counter)).isEqualTo(MemorizationCategory.RECITATION);
    assertThat(MemorizationCategory.RECOLLECTION.label()).isEqualTo("recollection");
  }

  @Test
  void templatesCompressBetterThanRandomRows() {
    SplittableRandom r = new SplittableRandom(9);
    int[] random = new int[64];
    for (int i = 0; i < random.length; i++) random[i] = r.nextInt(50_000);
    int[] repeated = new int[64];
    for (int i = 0; i < repeated.length; i++) repeated[i] = 1000 + i % 4;
    assertThat(Compressibility.zlibRatio(repeated)).isLessThan(0.2);
    assertThat(Compressibility.zlibRatio(random)).isGreaterThan(0.5);
  }
}
