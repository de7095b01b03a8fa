package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.RandomText;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hugging Face {@code gsm8k}: {@code question} and {@code answer}, a solution ending in #### N. */
class Gsm8kTaskReaderTest extends BaseTaskReaderTestCase {
  @Override
  protected TaskFormat format() {
    return TaskFormat.GSM8K;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return Kind.MATH;
  }

  /**
   * A worked solution (which may hold #### itself) ending in "#### " and the output; the output is
   * as the reader cuts it: stripped, without #.
   */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    List<TaskExample> out = new ArrayList<>();
    for (TaskExample e : examples) {
      String output = e.output().replace("#", "").strip();
      if (output.isEmpty()) output = String.valueOf(random.nextInt(1000));
      String solution =
          RandomText.text(random, 60)
              + (random.nextBoolean() ? "\n" : " ")
              + "####"
              + " ".repeat(random.nextInt(3))
              + output
              + " ".repeat(random.nextInt(2));
      out.add(new TaskExample(e.id(), e.input(), output, List.of(), null, List.of(), solution));
    }
    return out;
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = "gsm8k-" + random.nextInt(100);
    Path file = compressed(name + ".jsonl", random);
    List<ObjectNode> records = new ArrayList<>();
    for (TaskExample e : examples) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      if (random.nextBoolean()) record.put("question", e.input()).put("answer", e.solution());
      else record.put("answer", e.solution()).put("question", e.input());
      records.add(record);
    }
    String bad = null, what = null;
    if (malformed >= 0) {
      ObjectNode record = records.get(malformed).deepCopy();
      String solution = record.get("answer").textValue();
      switch (random.nextInt(3)) {
        case 0 -> {
          bad = truncated(record);
          what = "malformed JSON";
        }
        case 1 -> {
          record.put("answer", solution.replace("#", ""));
          what = "expected \"answer\" to end in \"#### <final answer>\"";
        }
        default -> {
          record.put("answer", solution + "\n#### \t");
          what = "expected \"answer\" to end in \"#### <final answer>\"";
        }
      }
      if (bad == null) bad = record.toString();
    }
    List<Long> lines = writeJsonLines(file, records, malformed, bad, random);
    return new Written(file, name, ids(lines), malformed >= 0 ? lines.get(malformed) : 0, what);
  }

  @Test
  void theOutputOfTheFixtureIsTheFinalNumberAndTheSolutionIsKept() throws Exception {
    Task task = TaskReader.read(fixture("gsm8k.jsonl"));
    assertThat(task.kind()).isEqualTo(Kind.MATH);
    assertThat(task.examples()).extracting(TaskExample::output).containsExactly("72", "10");
    assertThat(task.examples().getFirst().solution())
        .startsWith("Natalia sold 48/2")
        .endsWith("\n#### 72");
  }
}
