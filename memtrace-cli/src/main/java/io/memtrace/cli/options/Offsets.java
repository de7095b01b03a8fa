package io.memtrace.cli.options;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.List;

/** Window offsets: a comma-separated list of numbers and inclusive ranges {@code A..B}. */
public final class Offsets {
  private Offsets() {}

  public static int[] parse(String value) throws BadInputException {
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
          if (to < from) throw new BadInputException("--offset: empty range " + p);
          for (int o = from; o <= to; o++) out.add(o);
        }
      } catch (NumberFormatException e) {
        throw new BadInputException("--offset: '" + p + "' is not an offset or a range A..B");
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
