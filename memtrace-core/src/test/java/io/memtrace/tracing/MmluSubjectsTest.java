package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MmluSubjectsTest {
  @Test
  void splitsAll57SubjectsInTwo() {
    assertThat(MmluSubjects.KNOWLEDGE)
        .hasSize(34)
        .doesNotContainAnyElementsOf(MmluSubjects.REASONING);
    assertThat(MmluSubjects.REASONING).hasSize(23);
  }

  @Test
  void classifiesBySubjectName() {
    assertThat(MmluSubjects.isReasoning("abstract_algebra")).isTrue();
    assertThat(MmluSubjects.isReasoning("High School Mathematics")).isTrue();
    assertThat(MmluSubjects.isReasoning("formal_logic")).isTrue();
    assertThat(MmluSubjects.isKnowledge("anatomy")).isTrue();
    assertThat(MmluSubjects.isReasoning("anatomy")).isFalse();
    assertThat(MmluSubjects.isKnowledge("cooking")).isFalse();
    assertThat(MmluSubjects.isReasoning("cooking")).isFalse();
  }
}
