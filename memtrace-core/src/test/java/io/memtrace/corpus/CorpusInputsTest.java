package io.memtrace.corpus;

import static io.memtrace.corpus.TextFileSourceTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusInputsTest {
  @TempDir Path dir;

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
  void europarlYieldsTheBodyOfEveryLine() throws IOException {
    List<String> expected = new ArrayList<>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    getClass().getClassLoader().getResourceAsStream(EuroparlCorpus.RESOURCE)),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] fields = line.split("\t", 3);
        if (!fields[2].isEmpty()) expected.add(fields[2]);
      }
    }
    DocumentSource europarl = CorpusInputs.resolve(List.of("europarl"), TextSplit.FILE, "text");
    List<String> docs = new ArrayList<>();
    europarl.read(d -> docs.add(d.text()), Progress.NONE);
    assertThat(docs).hasSize(expected.size()).isEqualTo(expected);
    assertThat(docs.size()).isGreaterThan(17_000);
    assertThat(europarl.sizeBytes()).isGreaterThan(9_000_000);
  }

  @Test
  void sampleStopsAtTheCharacterBudget() throws IOException {
    List<String> sample = CorpusSample.firstTexts(new EuroparlCorpus(), 100_000, Progress.NONE);
    long chars = sample.stream().mapToLong(String::length).sum();
    assertThat(chars).isGreaterThanOrEqualTo(100_000);
    assertThat(chars - sample.getLast().length()).isLessThan(100_000);
  }
}
