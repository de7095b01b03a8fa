package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A writer run in a child JVM, to completion or killed ({@code kill -9}) at a random moment: what
 * the kill tests of every writer share. The child is a class whose {@code main} calls {@link
 * #writing} just before it starts writing, so the kill falls within the writing and not the JVM's
 * start.
 *
 * <p>A test kills its writer {@link #trials} times, a default sized for CI; {@code
 * -Dmemtrace.kills=N} runs N instead.
 */
public final class KilledChild {
  private static final String WRITING = "writing";

  private KilledChild() {}

  /** The number of kills: {@code -Dmemtrace.kills=N}, else {@code ciDefault}. */
  public static int trials(int ciDefault) {
    return Integer.getInteger("memtrace.kills", ciDefault);
  }

  /** Called by the child's {@code main} when it starts writing. */
  public static void writing() {
    System.out.println(WRITING);
    System.out.flush();
  }

  /**
   * Runs {@code main} with {@code args} in a child process to completion, the uninterrupted run.
   *
   * @return milliseconds from its start of writing to its exit, the window for the kills
   */
  public static long run(Class<?> main, Object... args) throws IOException, InterruptedException {
    Process child = start(main, args);
    try (var out = awaitWriting(child)) {
      long start = System.nanoTime();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("exit status of %s", List.of(args)).isZero();
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  /**
   * Starts {@code main} with {@code args} in a child process and kills it a random time after it
   * began writing, within about the time an uninterrupted run took ({@code runMillis}); the child
   * may finish first.
   */
  public static void killAtRandom(Random random, long runMillis, Class<?> main, Object... args)
      throws IOException, InterruptedException {
    Process child = start(main, args);
    try (var out = awaitWriting(child)) {
      Thread.sleep(random.nextLong(Math.max(50, runMillis * 5 / 4)));
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Process start(Class<?> main, Object... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--")) command.add(flag);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(main.getName());
    for (Object a : args) command.add(a.toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  /** Reads the child's output up to its line "writing" (the JVM may warn before it). */
  private static BufferedReader awaitWriting(Process child) throws IOException {
    var out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    while (line != null && !line.equals(WRITING)) line = out.readLine();
    assertThat(line).as("the child's line before it writes").isEqualTo(WRITING);
    return out;
  }
}
