package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.cli.MainTest.Run;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model info, score and generate on the tiny Pythia fixture of memtrace-core's tests. */
class ModelCommandsTest {
  static final Path PYTHIA =
      Path.of("../memtrace-core/src/test/resources/io/memtrace/model/pythia-tiny");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void infoDescribesTheModel() throws IOException {
    Run text = MainTest.run("model", "info", "--model", PYTHIA.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("GPTNeoXForCausalLM", "hidden_size          40", "F32=");
    Run json = MainTest.run("model", "info", "--model", PYTHIA.toString(), "--json");
    JsonNode info = JSON.readTree(json.out());
    assertThat(info.get("layers").asInt()).isEqualTo(2);
    assertThat(info.get("vocab_size").asInt()).isEqualTo(260);
    assertThat(info.get("parameters").asLong()).isPositive();
  }

  @Test
  void scoreWritesOneLinePerRowMatchingTheLibrary() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.writeString(
        in,
        "{\"tokens\": [5, 200, 17, 99, 3]}\n\n{\"text\": \"Hello, world\"}\n{\"tokens\": [9]}\n");
    Run run =
        MainTest.run(
            "score",
            "--model",
            PYTHIA.toString(),
            "--input",
            in.toString(),
            "--out",
            out.toString(),
            "--batch",
            "2",
            "--threads",
            "1");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("scored 3 rows, 18 tokens");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(3);

    int[] hello;
    try (Tokenizer tokenizer = Tokenizer.load(PYTHIA)) {
      hello = tokenizer.encode("Hello, world");
    }
    RowScores[] want;
    try (LanguageModel model = LanguageModel.load(PYTHIA, 1)) {
      want = model.score(new int[][] {{5, 200, 17, 99, 3}, hello, {9}}, ScoreOptions.DEFAULT);
    }
    for (int r = 0; r < 3; r++) {
      JsonNode line = JSON.readTree(lines.get(r));
      assertThat(line.has("tokens")).isEqualTo(r == 1);
      assertThat(line.get("argmax").size()).isEqualTo(want[r].positions());
      for (int p = 0; p < want[r].positions(); p++) {
        assertThat(line.get("argmax").get(p).asInt()).isEqualTo(want[r].argmax()[p]);
        assertThat(line.get("target_logprob").get(p).floatValue())
            .isEqualTo(want[r].targetLogprob()[p]);
        assertThat(line.get("entropy").get(p).floatValue()).isEqualTo(want[r].entropy()[p]);
      }
    }
    assertThat(JSON.readTree(lines.get(1)).get("tokens").size()).isEqualTo(hello.length);
  }

  @Test
  void scoreInputErrorsNameFileAndLine() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.writeString(in, "{\"tokens\": [1, 2]}\n{\"tokens\": [1, 260]}\n");
    Run range = score(in, out);
    assertThat(range.code()).isEqualTo(1);
    assertThat(range.err()).contains(in + ":2: token 260 is not an id of the model's vocabulary");
    assertThat(out).doesNotExist();
    Files.writeString(in, "{\"tokens\": [1, 2]}\n{\"prompt\": \"x\"}\n");
    Run shape = score(in, out);
    assertThat(shape.err()).contains(in + ":2: expected {\"tokens\": [ids...]} or {\"text\"");
    Files.writeString(in, "{\"tokens\": [1, 2]}\n{\"tokens\": [3]}{\"tokens\": [4]}\n");
    Run joined = score(in, out);
    assertThat(joined.code()).isEqualTo(1);
    assertThat(joined.err()).contains(in + ":2: malformed JSON (content after the JSON value");
    Files.write(
        in,
        "{\"tokens\": [1, 2]}\n{\"text\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    Run latin1 = score(in, out);
    assertThat(latin1.code()).isEqualTo(1);
    assertThat(latin1.err()).contains(in + ":2: not valid UTF-8 at byte 14 of the line");
    assertThat(out).doesNotExist();
  }

  @Test
  void generateIsGreedyAndSuppressesEosUntilTheMinimumLength() throws IOException {
    // The fixture's EOS is the first token pythia-tiny picks after this prompt.
    String prompt = "72,101,108,108,111";
    Run free =
        MainTest.run(
            "generate",
            "--model",
            PYTHIA.toString(),
            "--tokens",
            prompt,
            "--max-new",
            "8",
            "--json");
    assertThat(free.code()).as(free.err()).isZero();
    JsonNode stopped = JSON.readTree(free.out());
    assertThat(stopped.get("tokens").size()).isEqualTo(1);
    assertThat(stopped.get("prompt_tokens").size()).isEqualTo(5);
    Run min =
        MainTest.run(
            "generate",
            "--model",
            PYTHIA.toString(),
            "--tokens",
            prompt,
            "--max-new",
            "8",
            "--min-length",
            "13",
            "--json");
    JsonNode full = JSON.readTree(min.out());
    assertThat(full.get("tokens").toString()).isEqualTo("[127,49,8,240,240,240,163,132]");
    assertThat(full.get("text").asText()).isNotEmpty();
    assertThat(full.get("entropy").size()).isEqualTo(8);

    Run text =
        MainTest.run("generate", "--model", PYTHIA.toString(), "--prompt", "Hi", "--max-new", "3");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(MainTest.run("generate", "--model", PYTHIA.toString(), "--max-new", "3").code())
        .isEqualTo(2);
  }

  @Test
  void brokenModelDirectoryFailsWithOneLine() {
    Run run = MainTest.run("model", "info", "--model", dir.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("memtrace: " + dir.resolve("config.json"));
  }

  /** {@code score} of the tiny Pythia fixture from {@code in} to {@code out}. */
  private static Run score(Path in, Path out) {
    return MainTest.run(
        "score", "--model", PYTHIA.toString(), "--input", in.toString(), "--out", out.toString());
  }
}
