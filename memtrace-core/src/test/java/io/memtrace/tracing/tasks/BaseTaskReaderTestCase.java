package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.memtrace.BadInputException;
import io.memtrace.RandomText;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link TaskReader} for one {@link TaskFormat}, which the test of every format
 * extends: examples written in the format come back exactly and in order, whether the format is
 * detected or given, in a task named after the file, of the format's kind, with the default prompt;
 * a malformed line fails with a {@link BadInputException} naming the file and the line; a file
 * without examples is refused as such.
 *
 * <p>The examples are seeded random ones (any Unicode, quotes, commas and line breaks in the text),
 * cut down to what the format holds ({@link #fit}); a subclass writes them ({@link #write}) with a
 * random layout (blank lines, line ends, field order, fields the reader ignores, compression) and
 * says which id each example must come back with.
 */
abstract class BaseTaskReaderTestCase {
  private static final JsonMapper PLAIN = new JsonMapper();
  private static final JsonMapper ESCAPED =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final String[] COMPRESSIONS = {"", ".gz", ".zst"};

  @TempDir protected Path dir;

  /**
   * What a subclass wrote.
   *
   * @param name the task name the file gives
   * @param ids for each example, the id it must come back with
   * @param badLine when a malformed example was asked for, its line, else 0
   * @param badWhat then what the message says after "file:line: "
   */
  protected record Written(
      Path file, String name, List<String> ids, long badLine, String badWhat) {}

  protected abstract TaskFormat format();

  /** The kind of task the format makes of {@code examples}. */
  protected abstract Kind kind(List<TaskExample> examples);

  /** The language the outputs are in; the inputs are in English. */
  protected String targetLanguage() {
    return "en";
  }

  /**
   * {@code examples} as the format can hold them: without the fields it has not, with the choices
   * and subjects it needs. Ids are left to {@link #write}.
   */
  protected abstract List<TaskExample> fit(List<TaskExample> examples, Random random);

  /**
   * Writes {@code examples} in the format under {@link #dir}; when {@code malformed >= 0}, that
   * example's line is malformed in a way of the subclass's choosing.
   */
  protected abstract Written write(List<TaskExample> examples, int malformed, Random random)
      throws IOException;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 6);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void readsEveryExampleInOrderWithTheFormatDetected(long seed) throws IOException {
    Random random = new Random(seed);
    List<TaskExample> examples = fit(randomExamples(random), random);
    Written written = write(examples, -1, random);
    assertThat(TaskFormat.detect(written.file())).isEqualTo(format());
    Task task = TaskReader.read(written.file());
    List<TaskExample> expected = withIds(examples, written.ids());
    assertThat(task.examples()).isEqualTo(expected);
    Kind kind = kind(expected);
    assertThat(task.kind()).isEqualTo(kind);
    assertThat(task.name()).isEqualTo(written.name());
    assertThat(task.sourceLanguage()).isEqualTo("en");
    assertThat(task.targetLanguage()).isEqualTo(targetLanguage());
    assertThat(task.template()).isEqualTo(Task.defaultTemplate(kind, "en", targetLanguage()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void readsTheSameWithTheFormatGiven(long seed) throws IOException {
    Random random = new Random(seed);
    List<TaskExample> examples = fit(randomExamples(random), random);
    Written written = write(examples, -1, random);
    Task task = TaskReader.read(written.file(), format());
    assertThat(task.examples()).isEqualTo(withIds(examples, written.ids()));
    assertThat(task).isEqualTo(TaskReader.read(written.file()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aMalformedLineFailsNamingFileAndLine(long seed) throws IOException {
    Random random = new Random(seed);
    List<TaskExample> examples = fit(randomExamples(random), random);
    Written written = write(examples, random.nextInt(examples.size()), random);
    String at = written.file() + ":" + written.badLine() + ": ";
    assertThatThrownBy(() -> TaskReader.read(written.file(), format()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(at + written.badWhat())
        .message()
        .doesNotContainPattern("\\w+(Exception|Error)\\b");
    // detection may stop at the same line for a reason of its own
    assertThatThrownBy(() -> TaskReader.read(written.file()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(at);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aFileWithoutExamplesIsRefused(long seed) throws IOException {
    Random random = new Random(seed);
    Written written = write(List.of(), -1, random);
    String refusal = written.file() + ": no examples";
    assertThatThrownBy(() -> TaskReader.read(written.file(), format()))
        .isInstanceOf(BadInputException.class)
        .hasMessage(refusal);
    assertThatThrownBy(() -> TaskReader.read(written.file()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(refusal);
  }

  // ---- for subclasses

  /** A random compression: the file name with its suffix, for {@link #store}. */
  protected Path compressed(String name, Random random) {
    return dir.resolve(name + COMPRESSIONS[random.nextInt(COMPRESSIONS.length)]);
  }

  /** {@code text} as UTF-8 in {@code file}, compressed as its name ends. */
  protected static void store(Path file, String text) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    String name = file.getFileName().toString();
    try (OutputStream out =
        name.endsWith(".gz")
            ? new GZIPOutputStream(buffer)
            : name.endsWith(".zst") ? new ZstdOutputStream(buffer) : buffer) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(file, buffer.toByteArray());
  }

  /**
   * {@code records} as JSON Lines in {@code file}, with blank lines at random and {@code \n} or
   * {@code \r\n}; the line of record {@code malformed} is {@code badLine} instead. Returns the line
   * each record is on.
   */
  protected static List<Long> writeJsonLines(
      Path file, List<ObjectNode> records, int malformed, String badLine, Random random)
      throws IOException {
    JsonMapper json = random.nextBoolean() ? PLAIN : ESCAPED;
    String eol = random.nextBoolean() ? "\n" : "\r\n";
    StringBuilder text = new StringBuilder();
    List<Long> lines = new ArrayList<>();
    long line = 1;
    for (int blank = random.nextInt(2); blank > 0; blank--, line++) text.append(" ").append(eol);
    for (int i = 0; i < records.size(); i++) {
      if (random.nextInt(5) == 0) {
        text.append(random.nextBoolean() ? "" : "\t").append(eol);
        line++;
      }
      lines.add(line++);
      text.append(i == malformed ? badLine : json.writeValueAsString(records.get(i)));
      if (i < records.size() - 1 || random.nextBoolean()) text.append(eol);
    }
    store(file, text.toString());
    return lines;
  }

  /** A JSON line cut in half: broken JSON, whatever the format. */
  protected static String truncated(ObjectNode record) {
    String line = record.toString();
    return line.substring(0, line.length() / 2);
  }

  /** A published fixture of this package's test resources. */
  static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        BaseTaskReaderTestCase.class.getResource("/io/memtrace/tracing/tasks/" + name).toURI());
  }

  /** The ids as strings. */
  protected static List<String> ids(List<Long> lines) {
    return lines.stream().map(String::valueOf).toList();
  }

  // ---- random examples

  private static List<TaskExample> randomExamples(Random random) {
    List<TaskExample> examples = new ArrayList<>();
    int count = 1 + random.nextInt(20);
    for (int i = 0; i < count; i++) {
      int max = random.nextInt(20) == 0 ? 2000 : 40;
      List<String> choices = new ArrayList<>();
      for (int c = random.nextInt(6); c > 0; c--) choices.add(RandomText.nonBlankText(random, 12));
      List<String> alternatives = new ArrayList<>();
      for (int a = random.nextInt(3); a > 0; a--) {
        alternatives.add(RandomText.nonBlankText(random, 12));
      }
      examples.add(
          new TaskExample(
              "q" + i + "-" + random.nextInt(1000),
              RandomText.nonBlankText(random, max),
              choices.isEmpty()
                  ? RandomText.nonBlankText(random, max)
                  : choices.get(random.nextInt(choices.size())),
              choices,
              random.nextBoolean() ? null : "subject_" + random.nextInt(5),
              alternatives,
              null));
    }
    return examples;
  }

  private static List<TaskExample> withIds(List<TaskExample> examples, List<String> ids) {
    assertThat(ids).as("an id for each example").hasSameSizeAs(examples);
    List<TaskExample> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      TaskExample e = examples.get(i);
      out.add(
          new TaskExample(
              ids.get(i),
              e.input(),
              e.output(),
              e.choices(),
              e.subject(),
              e.alternatives(),
              e.solution()));
    }
    return out;
  }
}
