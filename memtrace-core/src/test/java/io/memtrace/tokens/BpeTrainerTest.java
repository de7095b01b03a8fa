package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BpeTrainerTest {
  private static final List<String> NEOX = List.of("<|endoftext|>", "<|padding|>");

  static Stream<Long> seeds() {
    return RandomTexts.seeds(80);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void learnsTheSameMergesAsRecountingEveryPair(long seed) throws BadInputException {
    RandomTexts texts = new RandomTexts(seed);
    List<String> documents = texts.documents(12, 40);
    List<String> specials = seed % 3 == 0 ? List.of() : NEOX;
    int vocabSize = 256 + specials.size() + texts.nextInt(120);

    BpeModel fast = new BpeTrainer(vocabSize, specials).train(documents.stream());

    BpeModel naive = NaiveBpe.train(documents, vocabSize, specials);
    assertThat(fast.merges()).isEqualTo(naive.merges());
    assertThat(fast.tokens()).isEqualTo(naive.tokens());
    assertThat(fast.specialCount()).isEqualTo(specials.size());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void documentOrderDoesNotMatter(long seed) throws BadInputException {
    RandomTexts texts = new RandomTexts(seed);
    List<String> documents = texts.documents(30, 20);
    List<String> shuffled = new ArrayList<>(documents);
    Collections.shuffle(shuffled, new Random(seed));
    BpeTrainer trainer = new BpeTrainer(300, NEOX);

    assertThat(trainer.train(shuffled.stream())).isEqualTo(trainer.train(documents.stream()));
  }

  @Test
  void idsFollowTheGpt2Layout() throws BadInputException {
    BpeModel model = new BpeTrainer(260, NEOX).train(Stream.of("hello hello"));

    assertThat(model.specialTokens()).isEqualTo(NEOX);
    assertThat(model.tokens().subList(2, 6)).containsExactly("!", "\"", "#", "$");
    assertThat(model.tokens().get(2 + 188)).isEqualTo("Ā"); // byte 0, as in GPT-2's vocab
    // every pair of "hello" occurs twice; ties go to the smallest left id: e < h < l
    assertThat(model.tokens().subList(258, 260)).containsExactly("el", "hel");
    assertThat(model.merges()).containsExactly(merge(model, "e", "l"), merge(model, "h", "el"));
  }

  @Test
  void tiesGoToTheSmallerLeftThenRightId() throws BadInputException {
    BpeModel model = new BpeTrainer(258, List.of()).train(Stream.of("ab", "ba"));

    assertThat(model.merges()).containsExactly(merge(model, "a", "b"), merge(model, "b", "a"));
  }

  @Test
  void stopsWhenNoPairIsLeft() throws BadInputException {
    List<Integer> progress = new ArrayList<>();
    BpeModel model =
        new BpeTrainer(1000, NEOX).train(Stream.of("abab"), (size, target) -> progress.add(size));

    assertThat(model.tokens()).hasSize(258 + 2).endsWith("ab", "abab");
    assertThat(progress).containsExactly(258, 259, 260);
  }

  @Test
  void rejectsAVocabularyWithoutRoomForBytesAndSpecials() {
    assertThatThrownBy(() -> new BpeTrainer(257, NEOX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "vocabulary size 257 is too small, expected at least 258 (256 bytes + 2 special"
                + " tokens)");
  }

  @Test
  void rejectsSpecialTokensThatCouldCollideWithLearntTokens() {
    assertThatThrownBy(() -> new BpeTrainer(300, List.of("eos")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"eos\"");
    assertThatThrownBy(() -> new BpeTrainer(300, List.of("<s>", "<s>")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeat");
  }

  @Test
  void rejectsACorpusWithoutText() {
    assertThatThrownBy(() -> new BpeTrainer(300, NEOX).train(Stream.of("", "")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no text");
  }

  private static BpeModel.Merge merge(BpeModel model, String left, String right) {
    return new BpeModel.Merge(model.tokens().indexOf(left), model.tokens().indexOf(right));
  }
}
