package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A written tokenizer.json means, to the Rust library, exactly the merges the trainer learnt. */
class TokenizerJsonWriterTest {
  private static final List<String> NEOX = List.of("<|endoftext|>", "<|padding|>");

  @TempDir Path dir;

  static Stream<Long> seeds() {
    return RandomTexts.seeds(40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void huggingFaceEncodesAsTheMergesSay(long seed) throws IOException {
    RandomTexts texts = new RandomTexts(seed);
    List<String> corpus = texts.documents(20, 40);
    BpeModel model = new BpeTrainer(256 + 2 + texts.nextInt(150), NEOX).train(corpus.stream());
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);

    List<String> probes = new ArrayList<>(corpus);
    probes.addAll(texts.documents(20, 60));
    probes.add(texts.document(10) + "<|endoftext|>" + texts.document(10) + "<|padding|>");
    try (Tokenizer tokenizer = Tokenizer.load(file)) {
      assertThat(tokenizer.vocabSize()).isEqualTo(model.tokens().size());
      for (String text : probes) {
        int[] ids = tokenizer.encode(text);

        assertThat(ids).as(text).containsExactly(ints(NaiveBpe.encode(model, text)));
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
      }
    }
  }

  @Test
  void writesAGptNeoxStyleTokenizerAndConfig() throws IOException {
    BpeModel model = new BpeTrainer(260, NEOX).train(Stream.of("hello hello"));
    Path file = dir.resolve("sub/tokenizer.json");

    TokenizerJsonWriter.write(model, file);

    ObjectMapper json = new ObjectMapper();
    JsonNode root = json.readTree(file.toFile());
    assertThat(root.path("version").asText()).isEqualTo("1.0");
    assertThat(root.path("added_tokens").get(1).path("content").asText()).isEqualTo("<|padding|>");
    assertThat(root.path("added_tokens").get(1).path("special").asBoolean()).isTrue();
    assertThat(root.path("normalizer").isNull()).isTrue();
    assertThat(root.path("pre_tokenizer").path("type").asText()).isEqualTo("ByteLevel");
    assertThat(root.path("pre_tokenizer").path("add_prefix_space").asBoolean()).isFalse();
    assertThat(root.path("model").path("type").asText()).isEqualTo("BPE");
    assertThat(root.path("model").path("vocab").path("Ġ").asInt()).isEqualTo(2 + 188 + 32);
    assertThat(json.convertValue(root.path("model").path("merges"), List.class))
        .containsExactly("e l", "h el");
    assertThat(
            json.convertValue(
                json.readTree(dir.resolve("sub/tokenizer_config.json").toFile()), Map.class))
        .containsEntry("eos_token", "<|endoftext|>")
        .containsEntry("bos_token", "<|endoftext|>")
        .containsEntry("clean_up_tokenization_spaces", false);
    try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("tokenizer.json", "tokenizer_config.json");
    }
  }

  @Test
  void removesTheTemporaryFilesAKilledWriteLeftAndNoOthers() throws IOException {
    List<String> stale =
        List.of(".tokenizer8812340981.tmp", "tokenizer.json.tmp", "tokenizer_config.json.tmp");
    List<String> kept = List.of(".tokenizer-notes.tmp", "tokenizer.txt.tmp", "corpus.txt");
    for (String name : stale) Files.writeString(dir.resolve(name), "{\"half\": ");
    for (String name : kept) Files.writeString(dir.resolve(name), "mine");
    TokenizerJsonWriter.write(
        new BpeTrainer(260, NEOX).train(Stream.of("hello")), dir.resolve("tokenizer.json"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(kept.stream(), Stream.of("tokenizer.json", "tokenizer_config.json"))
                  .toList());
    }
  }

  @Test
  void replacesAnEarlierFile() throws IOException {
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(new BpeTrainer(300, NEOX).train(Stream.of("aaa bbb")), file);

    TokenizerJsonWriter.write(new BpeTrainer(300, List.of()).train(Stream.of("ccc")), file);

    try (Tokenizer tokenizer = Tokenizer.load(file)) {
      assertThat(tokenizer.specialTokens()).isEmpty();
      assertThat(tokenizer.encode("ccc")).hasSize(1);
    }
  }

  private static int[] ints(List<Integer> ids) {
    return IntStream.range(0, ids.size()).map(ids::get).toArray();
  }
}
