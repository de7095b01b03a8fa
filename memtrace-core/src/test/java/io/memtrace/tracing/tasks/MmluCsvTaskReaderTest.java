package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Index.atIndex;

import io.memtrace.BadInputException;
import io.memtrace.RandomText;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original MMLU CSV: {@code question,A,B,C,D,answer letter}, no header, the subject from the
 * file name. Fields are quoted at random, and always when they hold commas, quotes or line breaks.
 */
class MmluCsvTaskReaderTest extends BaseTaskReaderTestCase {
  private static final String SUBJECT = "high_school_physics";
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  @Override
  protected TaskFormat format() {
    return TaskFormat.MMLU_CSV;
  }

  @Override
  protected Kind kind(List<TaskExample> examples) {
    return Kind.MULTIPLE_CHOICE;
  }

  /** Four choices, the output one of them; the subject the file's. */
  @Override
  protected List<TaskExample> fit(List<TaskExample> examples, Random random) {
    List<TaskExample> out = new ArrayList<>();
    for (TaskExample e : examples) {
      List<String> choices = new ArrayList<>(e.choices());
      while (choices.size() < 4) choices.add(RandomText.nonBlankText(random, 9));
      while (choices.size() > 4) choices.removeLast();
      if (!choices.contains(e.output())) choices.set(random.nextInt(4), e.output());
      out.add(new TaskExample(e.id(), e.input(), e.output(), choices, SUBJECT, List.of(), null));
    }
    return out;
  }

  @Override
  protected Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException {
    String name = SUBJECT + List.of("_test", "_dev", "_val").get(random.nextInt(3));
    Path file = compressed(name + ".csv", random);
    String eol = random.nextBoolean() ? "\n" : "\r\n";
    StringBuilder text = new StringBuilder();
    List<String> ids = new ArrayList<>();
    long line = 1, badLine = 0;
    String what = null;
    for (int i = 0; i < examples.size(); i++) {
      if (random.nextInt(5) == 0) { // blank lines are skipped
        text.append(eol);
        line++;
      }
      TaskExample e = examples.get(i);
      List<String> fields = new ArrayList<>();
      fields.add(e.input());
      fields.addAll(e.choices());
      String letter = String.valueOf("ABCD".charAt(e.choices().indexOf(e.output())));
      fields.add(random.nextBoolean() ? letter : " " + letter + " "); // the letter is stripped
      if (i == malformed) {
        badLine = line;
        switch (random.nextInt(3)) {
          case 0 -> {
            fields.remove(4);
            what = "expected 6 fields (question,A,B,C,D,answer), found 5";
          }
          case 1 -> {
            fields.set(5, "E");
            what = "expected the answer to be a letter A to D, found \"E\"";
          }
          default -> {
            fields.set(1 + "ABCD".indexOf(letter), "");
            what = "the correct choice " + letter + " is empty";
          }
        }
      }
      String record = String.join(",", fields.stream().map(f -> field(f, random)).toList());
      ids.add(String.valueOf(line));
      text.append(record);
      line += LINE_BREAK.matcher(record).results().count();
      if (i < examples.size() - 1 || random.nextBoolean()) {
        text.append(eol);
        line++;
      }
    }
    if (examples.isEmpty() && random.nextBoolean()) text.append(eol).append(eol);
    store(file, text.toString());
    return new Written(file, name, ids, badLine, what);
  }

  /** A CSV field: quoted (quotes doubled) when it must be, and now and then when it need not. */
  private static String field(String value, Random random) {
    boolean must =
        value.startsWith("\"") || value.contains(",") || LINE_BREAK.matcher(value).find();
    return must || random.nextInt(3) == 0 ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  @Test
  void theFixtureWithQuotedCommasQuotesAndLineBreaks() throws Exception {
    Task task = TaskReader.read(fixture("anatomy_test.csv"));
    assertThat(task.name()).isEqualTo("anatomy_test");
    assertThat(task.examples()).extracting(TaskExample::subject).containsOnly("anatomy");
    assertThat(task.examples())
        .extracting(TaskExample::id, TaskExample::output)
        .containsExactly(
            tuple("1", "The second and third pharyngeal arches"),
            tuple("2", "None of the above"),
            tuple("3", "Paralysis of the facial muscles, \"all of them\""));
    TaskExample last = task.examples().getLast();
    assertThat(last.input())
        .isEqualTo(
            "A lesion causing compression of the facial nerve at the stylomastoid foramen will"
                + " cause ipsilateral\nparalysis of which muscles?");
    assertThat(last.choices())
        .hasSize(4)
        .contains("Paralysis of the facial muscles, loss of taste and lacrimation.", atIndex(2));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "q,a,b,c,d,A\\nq,a,b,c,D | :2: expected 6 fields (question,A,B,C,D,answer), found 5",
        "q,a,b,c,d,E | :1: expected the answer to be a letter A to D, found \"E\"",
        "q,a,,c,d,B | :1: the correct choice B is empty",
      })
  void errorsNameFileAndLine(String content, String message) throws IOException {
    Path f = Files.writeString(dir.resolve("anatomy_dev.csv"), content.replace("\\n", "\n"));
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }
}
