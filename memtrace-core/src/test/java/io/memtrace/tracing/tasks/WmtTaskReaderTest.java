package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hugging Face {@code wmt*}: {@code {"translation": {"en": ..., "de": ...}}}, English first. */
class WmtTaskReaderTest extends BaseTaskReaderTestCase {
  @Override
  protected TaskFormat format() {
    return TaskFormat.WMT;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return Kind.TRANSLATION;
  }

  @Override
  protected String targetLanguage() {
    return "de";
  }

  /** A sentence and its translation, nothing else. */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    return examples.stream().map(e -> new TaskExample(e.id(), e.input(), e.output())).toList();
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = "wmt" + (10 + random.nextInt(10)) + "-de";
    Path file = compressed(name + ".jsonl", random);
    List<ObjectNode> records = new ArrayList<>();
    for (TaskExample e : examples) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      ObjectNode pair = record.putObject("translation");
      if (random.nextBoolean()) pair.put("en", e.input()).put("de", e.output());
      else pair.put("de", e.output()).put("en", e.input());
      records.add(record);
    }
    String bad = null, what = null;
    if (malformed >= 0) {
      ObjectNode record = records.get(malformed).deepCopy();
      ObjectNode pair = (ObjectNode) record.get("translation");
      switch (malformed == 0 ? 0 : random.nextInt(3)) { // the first line also names the language
        case 0 -> {
          bad = truncated(record);
          what = "malformed JSON";
        }
        case 1 -> {
          pair.remove("de");
          what = "expected language \"de\" in \"translation\", found [en]";
        }
        default -> {
          pair.put("de", "");
          what = "\"de\" is empty, expected text";
        }
      }
      if (bad == null) bad = record.toString();
    }
    List<Long> lines = writeJsonLines(file, records, malformed, bad, random);
    return new Written(file, name, ids(lines), malformed >= 0 ? lines.get(malformed) : 0, what);
  }

  @Test
  void translatesFromEnglishIntoTheOtherLanguage() throws Exception {
    Task task = TaskReader.read(fixture("wmt09-de.jsonl"));
    assertThat(task.name()).isEqualTo("wmt09-de");
    assertThat(task.kind()).isEqualTo(Kind.TRANSLATION);
    assertThat(task.sourceLanguage()).isEqualTo("en");
    assertThat(task.targetLanguage()).isEqualTo("de");
    assertThat(task.examples())
        .extracting(TaskExample::id, TaskExample::input, TaskExample::output)
        .containsExactly(
            tuple("1", "The house is small.", "Das Haus ist klein."),
            tuple("2", "Good morning, world!", "Guten Morgen, Welt!"));
    assertThat(task.prompt(task.examples().getFirst()))
        .isEqualTo("English text: The house is small.\nGerman translation: ");
  }

  @Test
  void anAbsentLanguageNamesTheLine() {
    assertThatThrownBy(() -> TaskReader.readWmt(fixture("wmt09-de.jsonl"), "en", "fr"))
        .isInstanceOf(BadInputException.class)
        .hasMessageEndingWith(
            "wmt09-de.jsonl:1: expected language \"fr\" in \"translation\", found [de, en]");
  }
}
