package io.memtrace.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for numeric options, checked where they are parsed: a value out of range is a usage
 * error (exit 2) whose one line names the option, e.g. {@code Invalid value for option
 * '--batch-rows': 0 is not a positive number}. Every count, size and thread number of the command
 * line goes through one of these, also inside comma-separated lists.
 */
public final class Counts {
  private Counts() {}

  /** An int of at least 1. */
  public static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) parse(value, 1, Integer.MAX_VALUE, "a positive number");
    }
  }

  /** An int of at least 0. */
  public static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) parse(value, 0, Integer.MAX_VALUE, "a number of at least 0");
    }
  }

  /** A long of at least 1. */
  public static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value, 1, Long.MAX_VALUE, "a positive number");
    }
  }

  /** A long of at least 0. */
  public static final class NonNegativeLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value, 0, Long.MAX_VALUE, "a number of at least 0");
    }
  }

  private static long parse(String value, long min, long max, String expected) {
    long n;
    try {
      n = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not " + expected);
    }
    if (n < min || n > max) throw new TypeConversionException(n + " is not " + expected);
    return n;
  }
}
