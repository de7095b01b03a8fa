package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A benchmark's other side: a Python script kept running, which answers each request line on its
 * standard input with one JSON line, so that the benchmark can alternate its own runs with the
 * script's. Closing ends the script's input; a script that fails is reported with its command.
 */
final class PythonSide implements AutoCloseable {
  /**
   * Pause between the two sides: OpenBLAS's and OpenMP's worker threads spin for a while after a
   * product, and must not share the cores with the other side's timed runs.
   */
  static final long SETTLE_MS = 300;

  private final String what;
  private final List<String> cmd;
  private final Process process;
  private final BufferedReader answers;
  private final PrintWriter requests;

  /**
   * Starts {@code script}; {@code what} names the side in errors (e.g. "PyTorch"). With {@code
   * greets}, waits for the script's first line (it is loaded and warmed up), and stops the script
   * if that line does not come.
   */
  PythonSide(String what, ProcessBuilder script, boolean greets) throws IOException {
    this.what = what;
    this.cmd = List.copyOf(script.command());
    process = script.start();
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    requests =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    if (greets) {
      try {
        answer();
      } catch (IOException e) {
        process.destroy();
        throw e;
      }
    }
  }

  /** Sends one request line and returns the answer, after a pause on either side of it. */
  JsonNode ask(String request) throws IOException, InterruptedException {
    Thread.sleep(SETTLE_MS);
    requests.println(request);
    JsonNode answer = answer();
    Thread.sleep(SETTLE_MS);
    return answer;
  }

  private JsonNode answer() throws IOException {
    String line = answers.readLine();
    if (line == null) {
      throw new IOException(
          "the " + what + " side failed (" + String.join(" ", cmd) + "); or run with --no-python");
    }
    return new ObjectMapper().readTree(line);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    requests.close();
    if (process.waitFor() != 0) {
      throw new IOException("the " + what + " side failed (" + String.join(" ", cmd) + ")");
    }
  }
}
