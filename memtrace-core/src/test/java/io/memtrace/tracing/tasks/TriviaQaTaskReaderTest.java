package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hugging Face {@code trivia_qa}: {@code question}, {@code question_id}, {@code answer.value} and
 * {@code answer.aliases}, the other aliases being acceptable answers too.
 */
class TriviaQaTaskReaderTest extends BaseTaskReaderTestCase {
  @Override
  protected TaskFormat format() {
    return TaskFormat.TRIVIA_QA;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return Kind.QA;
  }

  /** Questions with answers and other aliases, each alias once and none the answer. */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    List<TaskExample> out = new ArrayList<>();
    for (TaskExample e : examples) {
      Set<String> others = new LinkedHashSet<>(e.alternatives());
      others.remove(e.output());
      out.add(
          new TaskExample(
              e.id(), e.input(), e.output(), List.of(), null, List.copyOf(others), null));
    }
    return out;
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = "trivia_qa-" + random.nextInt(100);
    Path file = compressed(name + ".jsonl", random);
    List<ObjectNode> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (TaskExample e : examples) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      record.put("question", e.input());
      boolean withId = random.nextInt(4) != 0;
      if (withId) record.put("question_id", e.id());
      record.put("question_source", "http://www.triviacountry.com/");
      ObjectNode answer = record.putObject("answer");
      // the aliases as published: the value among them (or not), now and then one twice
      List<String> aliases = new ArrayList<>(e.alternatives());
      if (random.nextInt(4) != 0) aliases.add(random.nextInt(aliases.size() + 1), e.output());
      if (!aliases.isEmpty() && random.nextInt(4) == 0) {
        aliases.add(aliases.get(random.nextInt(aliases.size())));
      }
      ArrayNode array = answer.putArray("aliases");
      aliases.forEach(array::add);
      answer.put("normalized_value", e.output().toLowerCase());
      answer.put("value", e.output());
      records.add(record);
      ids.add(withId ? e.id() : null);
    }
    String bad = null, what = null;
    if (malformed >= 0) {
      ObjectNode record = records.get(malformed).deepCopy();
      ObjectNode answer = (ObjectNode) record.get("answer");
      switch (random.nextInt(3)) {
        case 0 -> {
          bad = truncated(record);
          what = "malformed JSON";
        }
        case 1 -> {
          answer.remove("value");
          what = "expected a string field \"value\", it is missing";
        }
        default -> {
          answer.put("aliases", "one alias");
          what = "expected \"aliases\" to be an array of strings, found STRING";
        }
      }
      if (bad == null) bad = record.toString();
    }
    List<Long> lines = writeJsonLines(file, records, malformed, bad, random);
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) == null) ids.set(i, String.valueOf(lines.get(i)));
    }
    return new Written(file, name, ids, malformed >= 0 ? lines.get(malformed) : 0, what);
  }

  @Test
  void keepsTheOtherAliasesOfTheFixtureAsAlternatives() throws Exception {
    Task task = TaskReader.read(fixture("trivia_qa.jsonl"));
    assertThat(task.kind()).isEqualTo(Kind.QA);
    TaskExample first = task.examples().getFirst();
    assertThat(first.id()).isEqualTo("tc_33");
    assertThat(first.input()).startsWith("Which Lloyd Webber musical");
    assertThat(first.output()).isEqualTo("Sunset Boulevard");
    assertThat(first.alternatives())
        .containsExactly("Sunset Blvd", "West Sunset Boulevard", "Sunset Bulevard", "Sunset Blvd.");
    assertThat(task.examples().get(1).alternatives()).isEmpty();
  }
}
