package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

/**
 * Hugging Face {@code cais/mmlu}: {@code question}, {@code subject}, {@code choices}, {@code
 * answer}.
 */
class MmluTaskReaderTest extends BaseTaskReaderTestCase {
  @Override
  protected TaskFormat format() {
    return TaskFormat.MMLU;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return Kind.MULTIPLE_CHOICE;
  }

  /** Every example has choices, the output one of them; no alternatives. */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    List<TaskExample> out = new ArrayList<>();
    for (TaskExample e : examples) {
      List<String> choices = new ArrayList<>(e.choices());
      if (choices.isEmpty()) {
        for (int c = 1 + random.nextInt(4); c > 0; c--) {
          choices.add(RandomText.nonBlankText(random, 9));
        }
        choices.set(random.nextInt(choices.size()), e.output());
      }
      out.add(
          new TaskExample(e.id(), e.input(), e.output(), choices, e.subject(), List.of(), null));
    }
    return out;
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = "mmlu-" + random.nextInt(100);
    Path file = compressed(name + ".jsonl", random);
    List<ObjectNode> records = new ArrayList<>();
    for (TaskExample e : examples) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      record.put("question", e.input());
      if (e.subject() != null) record.put("subject", e.subject());
      else if (random.nextBoolean()) record.putNull("subject");
      e.choices().forEach(record.putArray("choices")::add);
      record.put("answer", e.choices().indexOf(e.output()));
      records.add(record);
    }
    String bad = null, what = null;
    if (malformed >= 0) {
      ObjectNode record = records.get(malformed).deepCopy();
      int size = record.get("choices").size();
      switch (random.nextInt(3)) {
        case 0 -> {
          bad = truncated(record);
          what = "malformed JSON";
        }
        case 1 -> {
          record.put("answer", size);
          what = "expected an integer \"answer\" from 0 to " + (size - 1) + ", found " + size;
        }
        default -> {
          record.putArray("choices");
          what = "expected a non-empty array \"choices\"";
        }
      }
      if (bad == null) bad = record.toString();
    }
    List<Long> lines = writeJsonLines(file, records, malformed, bad, random);
    return new Written(file, name, ids(lines), malformed >= 0 ? lines.get(malformed) : 0, what);
  }

  @Test
  void theOutputOfTheFixtureIsTheCorrectChoiceText() throws Exception {
    Task task = TaskReader.read(fixture("mmlu.jsonl"));
    assertThat(task.kind()).isEqualTo(Kind.MULTIPLE_CHOICE);
    assertThat(task.examples())
        .extracting(TaskExample::output, TaskExample::subject)
        .containsExactly(tuple("2", "abstract_algebra"), tuple("Cranial", "anatomy"));
    assertThat(task.prompt(task.examples().getFirst()))
        .isEqualTo(
            "Question: Find the degree for the given field extension Q(sqrt(2)) over Q.\n"
                + "A. 0\nB. 2\nC. 1\nD. 3\nAnswer: ");
  }
}
