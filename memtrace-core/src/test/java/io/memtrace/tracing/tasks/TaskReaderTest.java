package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Index.atIndex;

import io.memtrace.BadInputException;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskReaderTest {
  @TempDir Path dir;

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(TaskReaderTest.class.getResource("/io/memtrace/tracing/tasks/" + name).toURI());
  }

  @ParameterizedTest
  @CsvSource({
    "generic.jsonl, GENERIC",
    "wmt09-de.jsonl, WMT",
    "trivia_qa.jsonl, TRIVIA_QA",
    "mmlu.jsonl, MMLU",
    "anatomy_test.csv, MMLU_CSV",
    "gsm8k.jsonl, GSM8K"
  })
  void detectsTheFormatOfEachPublishedLayout(String file, TaskFormat format) throws Exception {
    assertThat(TaskFormat.detect(fixture(file))).isEqualTo(format);
  }

  @Test
  void generic() throws Exception {
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

  @Test
  void wmtTranslatesFromEnglishIntoTheOtherLanguage() throws Exception {
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
  void wmtWithAnAbsentLanguageNamesTheLine() {
    assertThatThrownBy(() -> TaskReader.readWmt(fixture("wmt09-de.jsonl"), "en", "fr"))
        .isInstanceOf(BadInputException.class)
        .hasMessageEndingWith(
            "wmt09-de.jsonl:1: expected language \"fr\" in \"translation\", found [de, en]");
  }

  @Test
  void triviaQaKeepsTheOtherAliasesAsAlternatives() throws Exception {
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

  @Test
  void mmluJsonlOutputIsTheCorrectChoiceText() throws Exception {
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

  @Test
  void mmluCsvWithQuotedCommasQuotesAndLineBreaks() throws Exception {
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

  @Test
  void gsm8kOutputIsTheFinalNumberAndTheSolutionIsKept() throws Exception {
    Task task = TaskReader.read(fixture("gsm8k.jsonl"));
    assertThat(task.kind()).isEqualTo(Kind.MATH);
    assertThat(task.examples()).extracting(TaskExample::output).containsExactly("72", "10");
    assertThat(task.examples().getFirst().solution())
        .startsWith("Natalia sold 48/2")
        .endsWith("\n#### 72");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
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
        "{\"input\": \"a\", \"output\": \"b\"}\\n{\"input\": \"c\", \"output\": \"d\", \"choices\":"
            + " [\"d\"]} | :2: found \"choices\", but the first example has none",
        "{\"input\": \"c\", \"output\": \"d\", \"choices\": [\"d\"]}\\n\\n{\"input\": \"a\","
            + " \"output\": \"b\"} | :3: expected \"choices\", as the first example has",
      })
  void genericErrorsNameFileAndLine(String content, String message) throws IOException {
    Path f = write("bad.jsonl", content.replace("\\n", "\n"));
    assertThatThrownBy(() -> TaskReader.read(f, TaskFormat.GENERIC))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MMLU | {\"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 2}"
            + " | :1: expected an integer \"answer\" from 0 to 1, found 2",
        "GSM8K | {\"question\": \"q\", \"answer\": \"no final line\"}"
            + " | :1: expected \"answer\" to end in \"#### <final answer>\"",
        "TRIVIA_QA | {\"question\": \"q\", \"answer\": {\"aliases\": []}}"
            + " | :1: expected a string field \"value\", it is missing",
        "WMT | {\"translation\": {\"en\": \"a\", \"de\": \"\"}}"
            + " | :1: \"de\" is empty, expected text",
        "WMT | {\"translation\": {\"en\": \"a\", \"de\": \"b\", \"fr\": \"c\"}}"
            + " | :1: expected \"translation\" to pair \"en\" with one other language",
      })
  void datasetErrorsNameFileAndLine(TaskFormat format, String content, String message)
      throws IOException {
    Path f = write("bad.jsonl", content);
    assertThatThrownBy(() -> TaskReader.read(f, format))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "q,a,b,c,d,A\\nq,a,b,c,D | :2: expected 6 fields (question,A,B,C,D,answer), found 5",
        "q,a,b,c,d,E | :1: expected the answer to be a letter A to D, found \"E\"",
        "q,a,,c,d,B | :1: the correct choice B is empty",
      })
  void mmluCsvErrorsNameFileAndLine(String content, String message) throws IOException {
    Path f = write("anatomy_dev.csv", content.replace("\\n", "\n"));
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @Test
  void undetectableFormatListsTheFieldsFound() throws IOException {
    Path f = write("x.jsonl", "\n{\"prompt\": \"a\", \"completion\": \"b\"}\n");
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            f + ":2: cannot tell the task format from the fields [prompt, completion]");
  }

  @Test
  void emptyFileHasNoExamples() throws IOException {
    Path f = write("empty.jsonl", "\n\n");
    assertThatThrownBy(() -> TaskReader.read(f, TaskFormat.GENERIC))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + ": no examples");
  }

  @ParameterizedTest
  @CsvSource({"bad.jsonl, GENERIC", "anatomy_test.csv, MMLU_CSV"})
  void malformedUtf8IsAnError(String name, TaskFormat format) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, new byte[] {'a', '\n', (byte) 0xff, '\n'});
    // The reader decodes ahead, so the error can only say where the bad bytes lie at the earliest.
    assertThatThrownBy(() -> TaskReader.read(f, format))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + ": not valid UTF-8 on line 1 or later");
  }
}
