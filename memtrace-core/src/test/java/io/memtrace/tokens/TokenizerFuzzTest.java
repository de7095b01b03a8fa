package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonMutations;
import io.memtrace.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated tokenizer.json files load as a tokenizer that encodes to non-negative ids and decodes
 * them again, or fail with a message naming tokenizer.json.
 */
class TokenizerFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 10^320 written out, an integer beyond the range of a double. */
  private static final String HUGE_INTEGER =
      "1"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000";

  @TempDir Path dir;

  @Test
  void mutatedTokenizerLoadsConsistentlyOrFailsNamingTheFile() throws Exception {
    fuzz(Mutations::mutate);
  }

  /** Types swapped, keys dropped or given twice, extreme numbers, deep nesting. */
  @Test
  void tokenizerOfMutatedStructureLoadsConsistentlyOrFailsNamingTheFile() throws Exception {
    fuzz(JsonMutations::mutate);
  }

  private void fuzz(Mutations.Mutator mutator) throws Exception {
    List<String> documents = new RandomTexts(7).documents(10, 40);
    BpeModel model = new BpeTrainer(300, List.of("<|endoftext|>")).train(documents.stream());
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);
    byte[] valid = Files.readAllBytes(file);
    String text = documents.getFirst();
    Mutations.run(
        mutator,
        valid,
        1,
        Mutations.cases(),
        "tokenizer.json",
        input -> {
          Files.write(file, input);
          try (Tokenizer t = Tokenizer.load(file)) {
            int[] ids = t.encode(text);
            for (int id : ids) {
              assertThat(id).isNotNegative();
            }
            assertThat(t.decode(ids)).isNotNull();
            t.eosId().ifPresent(eos -> assertThat(eos).isBetween(0, t.vocabSize() - 1));
          }
        });
  }

  /**
   * Seed 153 of the fuzz test set a vocabulary id to 2147483647: the library loaded it and the
   * vocabulary size overflowed, so decode refused every id.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2147483647", "-1", "4294967296", "1.5"})
  void vocabularyIdsThatAreNotTokenIdsAreRefused(String id) throws Exception {
    List<String> documents = new RandomTexts(7).documents(10, 40);
    BpeModel model = new BpeTrainer(300, List.of("<|endoftext|>")).train(documents.stream());
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);
    String json =
        Files.readString(file).replaceFirst("(\"vocab\" *: *\\{[^}]*?: *)\\d+", "$1" + id);
    Files.writeString(file, json);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": model.vocab \"")
        .hasMessageContaining("has id " + id + ", expected a token id in 0..2147483646");
  }

  /**
   * Seed 14 of the structure-aware fuzz test nested a value past Jackson's 1,000 levels: its error
   * has no location, and reading the location threw a NullPointerException.
   */
  @Test
  void nestingPastTheParsersLimitIsRefusedNamingTheFile() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, "{\"model\": " + "[".repeat(2000) + "]".repeat(2000) + "}");
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": not valid JSON (")
        .hasMessageContaining("nesting depth");
  }

  /**
   * The structure-aware fuzz test set the decoder's {@code add_prefix_space} to an escaped unpaired
   * surrogate ({@code "\\uDC00x"}): the Rust library panicked and aborted the JVM. Unpaired
   * surrogates are refused before the library reads the file.
   */
  @Test
  void unpairedSurrogatesAreRefusedBeforeTheLibraryReadsThem() throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.get("decoder")).put("add_prefix_space", "\uDC00x");
    JSON.writeValue(file.toFile(), root);
    assertThat(Files.readString(file)).contains("\\uDC00x");
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(file + ": the string at /decoder/add_prefix_space holds an unpaired surrogate");
  }

  /**
   * The structure-aware fuzz test set {@code continuing_subword_prefix} to a string: the Rust
   * library cut it off each merge's second token by its length in bytes, inside the character
   * "\u0143" there, panicked and aborted the JVM.
   */
  /**
   * The structure-aware fuzz test, run with 20,000 inputs, nested the decoder's value deeper than
   * the library's JSON reader goes: it panicked and aborted the JVM.
   */
  @Test
  void nestingPastTheLibrarysDepthIsRefusedBeforeItReadsIt() throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    var decoder = (ObjectNode) root.get("decoder");
    var inner = decoder.putArray("add_prefix_space");
    for (int d = 0; d < LibraryHazards.MAX_DEPTH; d++) inner = inner.addArray();
    JSON.writeValue(file.toFile(), root);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": nested more than 128 levels deep at /decoder/");
  }

  /**
   * The structure-aware fuzz test, run with 20,000 inputs, set a number in the decoder beyond the
   * range of a double: the library's JSON reader refused it, and the decoder aborted the JVM.
   */
  @ParameterizedTest
  @ValueSource(strings = {"1e309", "-1E+2147483647", HUGE_INTEGER})
  void aNumberBeyondADoubleIsRefusedBeforeTheLibraryReadsIt(String number) throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.get("decoder")).put("add_prefix_space", "NUMBER");
    Files.writeString(file, JSON.writeValueAsString(root).replace("\"NUMBER\"", number));
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            file + ": the number at /decoder/add_prefix_space is beyond the range of a double");
  }

  /**
   * Seed 70441 of the structure-aware fuzz test, run with 100,000 inputs, made the end-of-text
   * token's content a million characters long: the library took minutes to load it, past the
   * harness's watchdog.
   */
  @Test
  void anAddedTokenPastTheLimitIsRefusedBeforeTheLibraryReadsIt() throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.get("added_tokens").get(0))
        .put("content", "x".repeat(LibraryHazards.MAX_ADDED_TOKEN + 1));
    JSON.writeValue(file.toFile(), root);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            file
                + ": added_tokens[0] is 4,097 characters long; memtrace takes added tokens of up"
                + " to 4,096");
  }

  /**
   * Seed 3358 of the structure-aware fuzz test, run with 100,000 inputs, made {@code added_tokens}
   * an object: the checks before the library read its elements by index and threw a
   * NullPointerException.
   */
  @Test
  void addedTokensAndMergesThatAreNotArraysAreRefused() throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    var eos = root.get("added_tokens").get(0);
    root.putObject("added_tokens").set("0", eos);
    var model = (ObjectNode) root.get("model");
    model.put("continuing_subword_prefix", "x");
    model.putObject("merges").put("0", "t t");
    JSON.writeValue(file.toFile(), root);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": ");
  }

  @Test
  void aPrefixThatCannotBeCutOffAMergeIsRefusedBeforeTheLibraryReadsIt() throws Exception {
    Path file = validTokenizer();
    var root = (ObjectNode) JSON.readTree(file.toFile());
    var model = (ObjectNode) root.get("model");
    model.put("continuing_subword_prefix", " ");
    model.putArray("merges").add("\u0120 \u0143"); // two tokens of the byte-level vocabulary
    JSON.writeValue(file.toFile(), root);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": model.merges[0]: \"\u0143\" cannot lose the 1 bytes");
  }

  private Path validTokenizer() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(
        new BpeTrainer(300, List.of("<|endoftext|>"))
            .train(new RandomTexts(7).documents(10, 40).stream()),
        file);
    return file;
  }
}
