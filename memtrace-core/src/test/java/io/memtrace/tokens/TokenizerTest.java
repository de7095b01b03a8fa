package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
  @TempDir static Path trained;
  @TempDir Path dir;

  private static Tokenizer tokenizer;
  private static List<String> documents;

  @BeforeAll
  static void train() throws IOException {
    documents = new RandomTexts(7).documents(40, 80);
    BpeModel model =
        new BpeTrainer(400, List.of("<|endoftext|>", "<|padding|>")).train(documents.stream());
    TokenizerJsonWriter.write(model, trained.resolve("tokenizer.json"));
    tokenizer = Tokenizer.load(trained);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void loadsAFileOrTheOneInADirectory() throws Exception {
    Path file = trained.resolve("tokenizer.json");
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    assertThat(tokenizer.path()).isEqualTo(file);
    assertThat(tokenizer.sha256()).isEqualTo(sha256);
    try (Tokenizer same = Tokenizer.load(file)) {
      assertThat(same.sha256()).isEqualTo(sha256);
      assertThat(same.encode(documents.get(0))).isEqualTo(tokenizer.encode(documents.get(0)));
    }
  }

  @Test
  void neverTruncatesNorAddsSpecialTokens() {
    String document = "x ".repeat(110_000);

    int[] ids = tokenizer.encode(document);

    assertThat(ids.length).isGreaterThanOrEqualTo(110_000);
    assertThat(ids).doesNotContain(0, 1);
    assertThat(tokenizer.decode(ids)).isEqualTo(document);
    assertThat(tokenizer.encodeBatch(List.of("a", document))[1]).isEqualTo(ids);
  }

  @Test
  void batchEncodesAsOneByOne() {
    int[][] batch = tokenizer.encodeBatch(documents);

    assertThat(batch.length).isEqualTo(documents.size());
    for (int i = 0; i < batch.length; i++) {
      assertThat(batch[i]).isEqualTo(tokenizer.encode(documents.get(i)));
    }
  }

  @Test
  void threadsShareOneTokenizer() throws Exception {
    List<int[]> expected = documents.stream().map(tokenizer::encode).toList();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<List<int[]>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> documents.stream().map(tokenizer::encode).toList()));
      }
      for (Future<List<int[]>> result : results) {
        assertThat(result.get()).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void specialTokensAreMatchedAndKeptInDecodedText() {
    String text = "ab<|endoftext|>ba<|padding|>";

    int[] ids = tokenizer.encode(text);

    assertThat(tokenizer.specialTokens())
        .containsExactly(Map.entry("<|endoftext|>", 0), Map.entry("<|padding|>", 1));
    assertThat(tokenizer.eosId()).hasValue(0);
    assertThat(ids).contains(0, 1);
    assertThat(tokenizer.decode(ids)).isEqualTo(text);
  }

  @Test
  void decodeRejectsIdsOutsideTheVocabulary() {
    int size = tokenizer.vocabSize();

    assertThat(tokenizer.decode(new int[] {size - 1})).isNotEmpty();
    assertThatThrownBy(() -> tokenizer.decode(new int[] {5, size}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id %d at 1 outside 0..%d", size, size - 1);
    assertThatThrownBy(() -> tokenizer.decode(new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eosComesFromTokenizerConfigWhenItNamesOne() throws IOException {
    Files.copy(trained.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Path config = dir.resolve("tokenizer_config.json");

    Files.writeString(config, "{\"eos_token\": {\"content\": \"<|padding|>\"}}");
    assertThat(eosIdIn(dir)).hasValue(1);

    Files.writeString(config, "{\"eos_token\": null}");
    assertThat(eosIdIn(dir)).hasValue(0);

    Files.delete(config);
    assertThat(eosIdIn(dir)).hasValue(0);

    Files.writeString(config, "{\"eos_token\": \"<|im_end|>\"}");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(config + ": eos_token \"<|im_end|>\" is not a token");
  }

  @Test
  void loadsOtherKindsOfTokenizerWithoutTheirTruncationOrTemplate() throws IOException {
    Files.writeString(
        dir.resolve("tokenizer.json"),
        """
        {"version": "1.0",
         "truncation": {"direction": "Right", "max_length": 2, "strategy": "LongestFirst",
                        "stride": 0},
         "padding": null,
         "added_tokens": [{"id": 3, "content": "</s>", "single_word": false, "lstrip": false,
                           "rstrip": false, "normalized": false, "special": true}],
         "normalizer": null,
         "pre_tokenizer": {"type": "Whitespace"},
         "post_processor": {"type": "TemplateProcessing",
           "single": [{"Sequence": {"id": "A", "type_id": 0}},
                      {"SpecialToken": {"id": "</s>", "type_id": 0}}],
           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
           "special_tokens": {"</s>": {"id": "</s>", "ids": [3], "tokens": ["</s>"]}}},
         "decoder": null,
         "model": {"type": "WordLevel", "vocab": {"a": 0, "b": 1, "[UNK]": 2}, "unk_token": "[UNK]"}}
        """);

    try (Tokenizer wordLevel = Tokenizer.load(dir)) {
      assertThat(wordLevel.encode("a b b a c")).containsExactly(0, 1, 1, 0, 2);
      assertThat(wordLevel.vocabSize()).isEqualTo(4);
      assertThat(wordLevel.eosId()).hasValue(3);
    }
  }

  @Test
  void aClosedTokenizerCannotBeUsed() throws IOException {
    Tokenizer closed = Tokenizer.load(trained);
    closed.close();

    assertThatThrownBy(() -> closed.encode("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportsAMissingFile() {
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            dir.resolve("tokenizer.json")
                + ": no such file, expected a tokenizer.json or a directory containing one");
  }

  @Test
  void reportsInvalidJson() throws IOException {
    Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\n  \"model\": [1, 2\n");

    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": not valid JSON at line 3")
        .hasMessageEndingWith("expected a Hugging Face tokenizer.json");
  }

  @Test
  void reportsJsonThatIsNotATokenizer() throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64}");

    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(file + ": has no \"model\" object, expected a Hugging Face tokenizer.json");
  }

  @Test
  void reportsATokenizerTheLibraryRejects() throws IOException {
    Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"X\"}}");

    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": Hugging Face tokenizers cannot load it (");
  }

  private static OptionalInt eosIdIn(Path dir) throws BadInputException {
    try (Tokenizer t = Tokenizer.load(dir)) {
      return t.eosId();
    }
  }
}
