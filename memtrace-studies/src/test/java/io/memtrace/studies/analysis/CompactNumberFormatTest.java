package io.memtrace.studies.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompactNumberFormatTest {
  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "10, 10",
    "999, 999",
    "1000, 1k",
    "25472, 25.47k",
    "100000, 100k",
    "595072, 595.07k",
    "1000000, 1M",
    "2500000, 2.5M",
    "12000000000, 12B",
    "0.5, 0.5",
    "0, 0"
  })
  void labelsAreShortAndExact(double value, String label) {
    assertThat(new CompactNumberFormat().format(value)).isEqualTo(label);
  }
}
