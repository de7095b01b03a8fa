package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's class path holds no Spark, Scala or Hadoop: {@code memtrace spark} runs
 * memtrace-spark's own jar, and the CLI starts without them.
 */
class NoSparkTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.spark.sql.SparkSession",
        "scala.collection.immutable.List",
        "org.apache.hadoop.fs.FileSystem",
        "io.memtrace.spark.SparkMain"
      })
  void isNotOnTheClassPath(String name) {
    assertThatThrownBy(() -> Class.forName(name)).isInstanceOf(ClassNotFoundException.class);
  }
}
