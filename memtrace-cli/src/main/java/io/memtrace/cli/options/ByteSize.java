package io.memtrace.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A byte count written as {@code 8g}, {@code 512m}, {@code 64k} or plain bytes (powers of 1024).
 */
public final class ByteSize implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    int shift =
        switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n <= 0 || n > Long.MAX_VALUE >> shift) throw new NumberFormatException();
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a positive size such as 8g, 512m, 64k or a number of bytes");
    }
  }
}
