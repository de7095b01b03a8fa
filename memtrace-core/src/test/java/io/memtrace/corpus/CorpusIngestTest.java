package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusIngestTest {
  @TempDir static Path shared;
  static Path tokenizerFile;

  @TempDir Path dir;

  @BeforeAll
  static void trainTokenizer() throws IOException {
    List<String> texts = CorpusSample.firstTexts(new EuroparlCorpus(), 300_000, Progress.NONE);
    tokenizerFile = shared.resolve("tokenizer.json");
    TokenizerJsonWriter.write(
        new BpeTrainer(600, List.of("<|endoftext|>", "<|padding|>")).train(texts.stream()),
        tokenizerFile);
  }

  private static List<String> randomTexts(long seed, int n) {
    Random r = new Random(seed);
    String[] words = {"the", "Parliament", "ü", "κόσμος", "1999", " ", "\n", "—", "votes", "€"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      var b = new StringBuilder();
      int len = 1 + r.nextInt(200);
      for (int j = 0; j < len; j++) b.append(words[r.nextInt(words.length)]).append(' ');
      out.add(b.toString().strip().isEmpty() ? "x" : b.toString());
    }
    return out;
  }

  private Path jsonl(List<String> texts) throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String t : texts) lines.add(json.writeValueAsString(java.util.Map.of("text", t)));
    Path f = dir.resolve("in.jsonl");
    Files.write(f, lines);
    return f;
  }

  @Test
  void everyDocumentIsItsEncodingFollowedByEos() throws IOException {
    List<String> texts = randomTexts(7, 5000);
    Path prefix = dir.resolve("store");
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      var result =
          CorpusIngest.run(new JsonlSource(jsonl(texts), "text"), tok, prefix, true, Progress.NONE);
      int eos = tok.eosId().orElseThrow();
      assertThat(eos).isEqualTo(0);
      long tokens = 0;
      try (TokenStore store = TokenStore.open(prefix)) {
        assertThat(store.documentCount()).isEqualTo(texts.size());
        for (int d = 0; d < texts.size(); d++) {
          int[] expected = tok.encode(texts.get(d));
          int[] actual = store.document(d);
          assertThat(actual).hasSize(expected.length + 1);
          assertThat(java.util.Arrays.copyOf(actual, expected.length)).isEqualTo(expected);
          assertThat(actual[expected.length]).isEqualTo(eos);
          tokens += actual.length;
        }
        assertThat(store.tokenCount()).isEqualTo(tokens);
      }
      assertThat(result.documents()).isEqualTo(texts.size());
      assertThat(result.tokens()).isEqualTo(tokens);
      StoreMetadata meta = StoreMetadata.readIfPresent(prefix);
      assertThat(meta.tokenizerSha256()).isEqualTo(tok.sha256());
      assertThat(meta.eosAppended()).isTrue();
      assertThat(meta.documents()).isEqualTo(texts.size());
      assertThat(meta.tokens()).isEqualTo(tokens);
    }
  }

  @Test
  void partsIngestedApartConcatenateToTheStoreOfOneIngestByteForByte() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      Path file = dir.resolve("part-" + f + ".jsonl");
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      List<String> lines = new ArrayList<>();
      for (String t : randomTexts(40 + f, 30 + 20 * f)) {
        lines.add(json.writeValueAsString(java.util.Map.of("text", t)));
      }
      Files.write(file, lines);
      files.add(file);
    }
    List<String> all = files.stream().map(Path::toString).toList();
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      Path one = dir.resolve("one");
      CorpusIngest.run(
          CorpusInputs.resolve(all, TextSplit.PARAGRAPH, "text"), tok, one, true, Progress.NONE);
      List<Path> parts = new ArrayList<>();
      for (List<String> group : List.of(all.subList(0, 2), all.subList(2, 3), all.subList(3, 5))) {
        Path part = dir.resolve("part" + parts.size());
        CorpusIngest.run(
            CorpusInputs.resolve(group, TextSplit.PARAGRAPH, "text"),
            tok,
            part,
            true,
            Progress.NONE);
        parts.add(part);
      }
      Path joined = dir.resolve("joined");
      var result =
          CorpusIngest.concatenate(
              parts, CorpusInputs.resolve(all, TextSplit.PARAGRAPH, "text"), tok, true, joined);
      for (String ext : List.of(".bin", ".idx", ".meta.json")) {
        assertThat(Files.readAllBytes(dir.resolve("joined" + ext)))
            .as(ext)
            .isEqualTo(Files.readAllBytes(dir.resolve("one" + ext)));
      }
      assertThat(result.documents()).isEqualTo(StoreMetadata.readIfPresent(one).documents());
    }
  }

  @Test
  void withoutEosDocumentsAreExactlyTheirEncoding() throws IOException {
    List<String> texts = randomTexts(11, 300);
    Path prefix = dir.resolve("store");
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.run(new JsonlSource(jsonl(texts), "text"), tok, prefix, false, Progress.NONE);
      try (TokenStore store = TokenStore.open(prefix)) {
        for (int d = 0; d < texts.size(); d++) {
          assertThat(store.document(d)).isEqualTo(tok.encode(texts.get(d)));
          assertThat(tok.decode(store.document(d))).isEqualTo(texts.get(d));
        }
      }
    }
  }

  @Test
  void emptyCorpusIsAnErrorAndWritesNothing() throws IOException {
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "\n\n");
    Path prefix = dir.resolve("store");
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      assertThatThrownBy(
              () ->
                  CorpusIngest.run(
                      new JsonlSource(empty, "text"), tok, prefix, true, Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("no documents");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("empty.jsonl");
    }
  }

  @Test
  void aMalformedLineLeavesTheExistingStoreUntouched() throws IOException {
    Path prefix = dir.resolve("store");
    List<String> texts = randomTexts(3, 50);
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.run(new JsonlSource(jsonl(texts), "text"), tok, prefix, true, Progress.NONE);
      byte[] bin = Files.readAllBytes(dir.resolve("store.bin"));
      byte[] idx = Files.readAllBytes(dir.resolve("store.idx"));
      byte[] meta = Files.readAllBytes(StoreMetadata.fileOf(prefix));
      Path bad = dir.resolve("bad.jsonl");
      List<String> lines = new ArrayList<>(Files.readAllLines(jsonl(randomTexts(4, 9000))));
      lines.set(8000, "{\"text\": oops}");
      Files.write(bad, lines);
      assertThatThrownBy(
              () ->
                  CorpusIngest.run(new JsonlSource(bad, "text"), tok, prefix, true, Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(bad + ":8001: malformed JSON");
      assertThat(Files.readAllBytes(dir.resolve("store.bin"))).isEqualTo(bin);
      assertThat(Files.readAllBytes(dir.resolve("store.idx"))).isEqualTo(idx);
      assertThat(Files.readAllBytes(StoreMetadata.fileOf(prefix))).isEqualTo(meta);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(
                "in.jsonl", "bad.jsonl", "store.bin", "store.idx", "store.meta.json");
      }
    }
  }

  /**
   * A store whose files are symbolic links (stores kept on another disk) is replaced where the
   * links point, and the links stay, as {@code index build} does with its output directory.
   */
  @Test
  void anIngestThroughSymbolicLinksReplacesTheStoreTheyPointToAndKeepsThem() throws IOException {
    Path real = Files.createDirectories(dir.resolve("disk")).resolve("store");
    Path prefix = Files.createDirectories(dir.resolve("links")).resolve("store");
    try (Tokenizer tok = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.run(
          new JsonlSource(jsonl(randomTexts(3, 50)), "text"), tok, real, true, Progress.NONE);
      List<Path> links = new ArrayList<>();
      for (String suffix : List.of(".bin", ".idx", ".meta.json")) {
        Path link = Path.of(prefix + suffix);
        Files.createSymbolicLink(link, Path.of("../disk/store" + suffix));
        links.add(link);
      }
      // and a link to a link to the directory of the last one
      Path chain = Files.createSymbolicLink(dir.resolve("chain"), Path.of("links"));
      List<String> texts = randomTexts(5, 70);
      CorpusIngest.run(
          new JsonlSource(jsonl(texts), "text"), tok, chain.resolve("store"), true, Progress.NONE);
      for (Path link : links) {
        assertThat(link).isSymbolicLink();
        assertThat(Files.readSymbolicLink(link).toString()).startsWith("../disk/store.");
      }
      try (TokenStore store = TokenStore.open(real)) {
        assertThat(store.documentCount()).isEqualTo(texts.size());
        assertThat(store.document(4)).startsWith(tok.encode(texts.get(4)));
      }
      assertThat(StoreMetadata.readIfPresent(real).documents()).isEqualTo(texts.size());
      for (String d : List.of("disk", "links")) {
        try (Stream<Path> files = Files.list(dir.resolve(d))) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .as(d)
              .containsExactlyInAnyOrder("store.bin", "store.idx", "store.meta.json");
        }
      }
    }
  }
}
