package io.memtrace.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CorpusInputs}: several inputs read one after the other, in the order given, meet the
 * source contract; and how inputs are named and refused.
 */
class CorpusInputsTest extends BaseWritableDocumentSourceTestCase {
  @Override
  protected Shape shape() {
    return Shape.ANY;
  }

  /**
   * Two or more inputs with random names (so the order given is not their names' order): JSON Lines
   * files of up to three texts and text files that hold one text whole.
   */
  @Override
  protected Written write(List<String> texts, int malformed, Compression compression, Random random)
      throws IOException {
    List<String> inputs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<String> where = new ArrayList<>();
    String error = null;
    for (int i = 0; i < texts.size() || files.size() < 2; ) {
      int take = Math.min(texts.size() - i, random.nextInt(4));
      String name = Integer.toHexString(random.nextInt()) + "-" + files.size();
      Path file;
      if (take == 1 && random.nextBoolean()) {
        file = dir.resolve(name + ".txt" + compression.suffix);
        String text = texts.get(i);
        store(file, i == malformed ? notUtf8(text, random) : text.getBytes(UTF_8), compression);
        where.add(file.toString());
        if (i == malformed) error = file + ": not valid UTF-8";
      } else {
        file = dir.resolve(name + ".jsonl" + compression.suffix);
        var part =
            JsonlSourceTest.encode(file, "text", texts.subList(i, i + take), malformed - i, random);
        store(file, part.bytes(), compression);
        where.addAll(part.where());
        if (part.error() != null) error = part.error();
      }
      inputs.add(file.toString());
      files.add(file);
      i += take;
    }
    return new Written(CorpusInputs.resolve(inputs, TextSplit.FILE, "text"), where, files, error);
  }

  @Test
  void directoriesAreReadInNameOrderWithFormatByExtension() throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("b.txt"), "bee\n\nsecond bee");
    Files.writeString(dir.resolve("a.jsonl"), "{\"text\": \"ay\"}\n");
    Files.writeString(dir.resolve("sub/c.txt"), "sea");
    Files.writeString(dir.resolve(".hidden"), "never");
    DocumentSource source =
        CorpusInputs.resolve(List.of(dir.toString()), TextSplit.PARAGRAPH, "text");
    assertThat(readAll(source))
        .extracting(Document::text)
        .containsExactly("ay", "bee", "second bee", "sea");
  }

  @Test
  void tokenStoresAndMissingPathsAreRefused() throws IOException {
    Files.write(dir.resolve("x.bin"), new byte[4]);
    assertThatThrownBy(
            () ->
                CorpusInputs.resolve(
                    List.of(dir.resolve("x.bin").toString()), TextSplit.FILE, "text"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("token store");
    assertThatThrownBy(
            () ->
                CorpusInputs.resolve(
                    List.of(dir.resolve("nope.txt").toString()), TextSplit.FILE, "text"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("nope.txt");
    assertThatThrownBy(() -> CorpusInputs.resolve(List.of(), TextSplit.FILE, "text"))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void europarlIsTheEmbeddedCorpus() throws IOException {
    assertThat(CorpusInputs.resolve(List.of("europarl"), TextSplit.FILE, "text"))
        .isInstanceOf(EuroparlCorpus.class);
  }

  @Test
  void sampleStopsAtTheCharacterBudget() throws IOException {
    List<String> sample = CorpusSample.firstTexts(new EuroparlCorpus(), 100_000, Progress.NONE);
    long chars = sample.stream().mapToLong(String::length).sum();
    assertThat(chars).isGreaterThanOrEqualTo(100_000);
    assertThat(chars - sample.getLast().length()).isLessThan(100_000);
  }
}
