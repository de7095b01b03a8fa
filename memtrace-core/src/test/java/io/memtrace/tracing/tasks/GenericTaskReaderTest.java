package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.RandomText;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** memtrace's own JSON Lines: {@code input}, {@code output}, {@code choices}, {@code subject}. */
class GenericTaskReaderTest extends BaseTaskReaderTestCase {
  @Override
  protected TaskFormat format() {
    return TaskFormat.GENERIC;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return examples.stream().anyMatch(e -> !e.choices().isEmpty()) ? Kind.MULTIPLE_CHOICE : Kind.QA;
  }

  /** Choices on every example or on none; no alternatives or solutions. */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    boolean multipleChoice = random.nextBoolean();
    List<TaskExample> out = new ArrayList<>();
    for (TaskExample e : examples) {
      List<String> choices = e.choices();
      if (!multipleChoice) {
        choices = List.of();
      } else if (choices.isEmpty()) {
        List<String> some =
            new ArrayList<>(List.of(e.output(), RandomText.nonBlankText(random, 9)));
        Collections.shuffle(some, random);
        choices = some;
      }
      out.add(
          new TaskExample(e.id(), e.input(), e.output(), choices, e.subject(), List.of(), null));
    }
    return out;
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = "generic-" + random.nextInt(100);
    Path file = compressed(name + ".jsonl", random);
    List<ObjectNode> records = new ArrayList<>();
    List<String> explicitIds = new ArrayList<>();
    for (TaskExample e : examples) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      List<Runnable> fields = new ArrayList<>();
      fields.add(() -> record.put("input", e.input()));
      fields.add(() -> record.put("output", e.output()));
      if (!e.choices().isEmpty()) {
        fields.add(() -> e.choices().forEach(record.putArray("choices")::add));
      } else if (random.nextInt(3) == 0) {
        fields.add(() -> record.putArray("choices")); // an empty list is no choices
      }
      if (e.subject() != null) fields.add(() -> record.put("subject", e.subject()));
      else if (random.nextInt(3) == 0) fields.add(() -> record.putNull("subject"));
      if (random.nextInt(4) == 0) fields.add(() -> record.put("source", "ignored"));
      String id =
          switch (random.nextInt(3)) {
            case 0 -> null; // the line number
            case 1 -> e.id();
            default -> String.valueOf(random.nextInt(1000));
          };
      if (id != null) {
        fields.add(
            () -> {
              if (id.equals(e.id())) record.put("id", id);
              else record.put("id", Integer.parseInt(id)); // an integer id
            });
      }
      Collections.shuffle(fields, random);
      fields.forEach(Runnable::run);
      records.add(record);
      explicitIds.add(id);
    }
    String bad = null, what = null;
    if (malformed >= 0) {
      ObjectNode record = records.get(malformed).deepCopy();
      switch (random.nextInt(4)) {
        case 0 -> {
          bad = truncated(record);
          what = "malformed JSON";
        }
        case 1 -> {
          record.remove("output");
          what = "expected a string field \"output\", it is missing";
        }
        case 2 -> {
          record.put("input", 3);
          what = "expected a string field \"input\", found NUMBER";
        }
        default -> {
          record.put("input", " \t");
          what = "\"input\" is empty, expected text";
        }
      }
      if (bad == null) bad = record.toString();
    }
    List<Long> lines = writeJsonLines(file, records, malformed, bad, random);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      ids.add(explicitIds.get(i) != null ? explicitIds.get(i) : String.valueOf(lines.get(i)));
    }
    return new Written(file, name, ids, malformed >= 0 ? lines.get(malformed) : 0, what);
  }

  @Test
  void readsTheFixture() throws Exception {
    Task task = TaskReader.read(fixture("generic.jsonl"));
    assertThat(task.name()).isEqualTo("generic");
    assertThat(task.kind()).isEqualTo(Kind.MULTIPLE_CHOICE);
    assertThat(task.examples())
        .containsExactly(
            new TaskExample(
                "1",
                "What is the capital of France?",
                "Paris",
                List.of("Lyon", "Paris"),
                null,
                List.of(),
                null),
            new TaskExample(
                "q2",
                "Which planet is largest?",
                "Jupiter",
                List.of("Mars", "Jupiter", "Venus"),
                "astronomy",
                List.of(),
                null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"input\": \"a\", \"output\": \"b\"}\\n\\n{\"output\": \"c\"}"
            + " | :3: expected a string field \"input\", it is missing",
        "{\"input\": \"a\", \"output\": \"b\"}\\n{\"input\": \"a\", \"output\": \" \"}"
            + " | :2: \"output\" is empty, expected text",
        "{\"input\": \"\", \"output\": \"b\"} | :1: \"input\" is empty, expected text",
        "{\"input\": \"a\", \"output\": 3} | :1: expected a string field \"output\", found NUMBER",
        "{\"input\": \"a\", \"output\": \"b\", \"choices\": [\"c\"]}"
            + " | :1: \"output\" must be one of \"choices\" [c], found \"b\"",
        "{\"input\": \"a\", \"output\": \"b\", \"choices\": [\"b\", 1]}"
            + " | :1: expected \"choices\" to hold only strings, found NUMBER",
        "{\"input\": \"a\", \"output\": \"b\"}\\n{\"input\": \"a\" | :2: malformed JSON",
        "{\"input\": \"a\", \"output\": \"b\"}{\"input\": \"c\", \"output\": \"d\"}"
            + " | :1: malformed JSON (content after the JSON value",
        "{\"input\": \"a\", \"output\": \"b\"}\\n{\"input\": \"c\", \"output\": \"d\", \"choices\":"
            + " [\"d\"]} | :2: found \"choices\", but the first example has none",
        "{\"input\": \"c\", \"output\": \"d\", \"choices\": [\"d\"]}\\n\\n{\"input\": \"a\","
            + " \"output\": \"b\"} | :3: expected \"choices\", as the first example has",
      })
  void errorsNameFileAndLine(String content, String message) throws IOException {
    Path f = Files.writeString(dir.resolve("bad.jsonl"), content.replace("\\n", "\n"));
    assertThatThrownBy(() -> TaskReader.read(f, TaskFormat.GENERIC))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }
}
