package io.memtrace.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.TypeConversionException;

/** Window offsets: a comma-separated list of numbers and inclusive ranges {@code A..B}. */
public final class Offsets {
  private Offsets() {}

  public static int[] parse(String value) {
    List<Integer> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      try {
        int dots = p.indexOf("..");
        if (dots < 0) {
          out.add(Integer.parseInt(p));
        } else {
          int from = Integer.parseInt(p.substring(0, dots));
          int to = Integer.parseInt(p.substring(dots + 2));
          if (to < from) throw new TypeConversionException("empty range " + p);
          for (int o = from; o <= to; o++) out.add(o);
        }
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + p + "' is not an offset or a range A..B of offsets");
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
