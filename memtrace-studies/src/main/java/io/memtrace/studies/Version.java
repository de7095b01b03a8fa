package io.memtrace.studies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of memtrace, as the build recorded it. */
public final class Version {
  private Version() {}

  /** e.g. {@code 0.1.0-SNAPSHOT}; "unknown" outside a build. */
  public static String get() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }
}
