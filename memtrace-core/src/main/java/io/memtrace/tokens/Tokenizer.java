package io.memtrace.tokens;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.JsonMessages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Any Hugging Face {@code tokenizer.json}, run by the Rust tokenizers library through DJL.
 *
 * <p>Encoding adds no special tokens and never truncates or pads: DJL's defaults would add BOS/EOS
 * and cut every text to 512 tokens, and a tokenizer.json may carry its own truncation settings; all
 * of that is turned off, since memtrace tokenizes whole training documents.
 *
 * <p>Thread-safe: DJL passes the native tokenizer to each call without a lock, and after loading
 * calls only read it (the BPE cache inside is locked by the Rust library), so any number of threads
 * may encode and decode at once. {@link #close()} frees it and must happen after every other use
 * has finished.
 */
public final class Tokenizer implements AutoCloseable {
  /** Names end-of-text tokens have in common tokenizers, tried in this order. */
  private static final List<String> EOS_NAMES =
      List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eot_id|>", "<|im_end|>");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenizersLibrary NATIVE = TokenizersLibrary.LIB;

  static {
    // DJL probes the EC2 metadata address on first use to report usage; memtrace runs offline.
    if (System.getenv("OPT_OUT_TRACKING") == null
        && System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }

  private final Path path;
  private final HuggingFaceTokenizer tokenizer;
  private final String sha256;
  private final int vocabSize;
  private final Map<String, Integer> specialTokens;
  private final OptionalInt eosId;

  private Tokenizer(
      Path path,
      HuggingFaceTokenizer tokenizer,
      String sha256,
      int vocabSize,
      Map<String, Integer> specialTokens,
      OptionalInt eosId) {
    this.path = path;
    this.tokenizer = tokenizer;
    this.sha256 = sha256;
    this.vocabSize = vocabSize;
    this.specialTokens = specialTokens;
    this.eosId = eosId;
  }

  /**
   * Loads {@code tokenizer.json}, or the one inside a model directory. The end-of-text token is the
   * {@code eos_token} of a {@code tokenizer_config.json} beside it when that file names one, else
   * the first of the usual names ({@code <|endoftext|>}, {@code </s>}, ...) that exists.
   *
   * @throws BadInputException if the file is missing, unreadable, not JSON, holds a string with an
   *     unpaired surrogate, or is not a tokenizer the Rust library accepts
   */
  public static Tokenizer load(Path tokenizerJsonOrDir) throws BadInputException {
    Path file =
        Files.isDirectory(tokenizerJsonOrDir)
            ? tokenizerJsonOrDir.resolve("tokenizer.json")
            : tokenizerJsonOrDir;
    byte[] bytes = read(file);
    JsonNode root = parse(file, bytes);
    if (root == null || !root.path("model").isObject()) {
      throw BadInputException.in(
          file, "has no \"model\" object, expected a Hugging Face tokenizer.json");
    }
    LibraryHazards.refuse(file, root);
    Map<String, Integer> ids = tokenIds(file, root);
    Map<String, Integer> specials = new LinkedHashMap<>();
    for (JsonNode added : root.path("added_tokens")) {
      if (added.path("special").asBoolean()) {
        specials.put(added.path("content").asText(), added.path("id").asInt());
      }
    }
    OptionalInt eos = eosId(file, ids);
    int vocabSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(bytes),
              Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (EngineException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(
          file + ": Hugging Face tokenizers cannot load it (" + e.getMessage() + ")", e);
    }
    return new Tokenizer(
        file,
        tokenizer,
        HexFormat.of().formatHex(sha256(bytes)),
        vocabSize,
        Collections.unmodifiableMap(specials),
        eos);
  }

  /**
   * The ids of {@code text}: no special tokens added, never truncated. Special tokens written in
   * the text are matched. An unpaired surrogate reaches the library as U+FFFD characters.
   */
  public int[] encode(String text) {
    long encoding = NATIVE.encode(tokenizer.getHandle(), text, false);
    return ids(encoding);
  }

  /**
   * {@link #encode} of each text, in one native call that the Rust library spreads over all cores
   * (its {@code RAYON_NUM_THREADS} and {@code TOKENIZERS_PARALLELISM} variables apply).
   */
  public int[][] encodeBatch(List<String> texts) {
    long[] encodings =
        NATIVE.batchEncode(tokenizer.getHandle(), texts.toArray(String[]::new), false);
    int[][] out = new int[encodings.length][];
    for (int i = 0; i < encodings.length; i++) {
      out[i] = ids(encodings[i]);
    }
    return out;
  }

  /**
   * The text of {@code ids}, special tokens included. Ids that end inside a UTF-8 character decode
   * to U+FFFD.
   *
   * @throws IllegalArgumentException if an id is outside 0..vocabSize-1 (the library would drop it)
   */
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "token id %d at %d outside 0..%d".formatted(ids[i], i, vocabSize - 1));
      }
      wide[i] = ids[i];
    }
    // false: DJL's one-argument decode skips special tokens whenever addSpecialTokens is off
    return tokenizer.decode(wide, false);
  }

  /** One more than the largest id, added tokens included: the rows an embedding matrix needs. */
  public int vocabSize() {
    return vocabSize;
  }

  /** The end-of-text token's id, if the tokenizer has one. */
  public OptionalInt eosId() {
    return eosId;
  }

  /** Special added tokens, content to id, in file order. */
  public Map<String, Integer> specialTokens() {
    return specialTokens;
  }

  /**
   * SHA-256 of the tokenizer.json bytes, lower-case hex; stored with token data so that data is
   * never read with another tokenizer.
   */
  public String sha256() {
    return sha256;
  }

  /** The tokenizer.json this was loaded from. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private static int[] ids(long encoding) {
    try {
      long[] wide = NATIVE.getTokenIds(encoding);
      int[] ids = new int[wide.length];
      for (int i = 0; i < wide.length; i++) {
        ids[i] = (int) wide[i];
      }
      return ids;
    } finally {
      NATIVE.deleteEncoding(encoding);
    }
  }

  private static byte[] read(Path file) throws BadInputException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw BadInputException.in(
          file, "no such file, expected a tokenizer.json or a directory containing one");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static JsonNode parse(Path file, byte[] bytes) throws BadInputException {
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      // a parser limit (nesting depth, number length) is reported without a location
      String at =
          e.getLocation() == null
              ? ""
              : " at line %d, column %d"
                  .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      throw new BadInputException(
          "%s: not valid JSON%s (%s), expected a Hugging Face tokenizer.json"
              .formatted(file, at, JsonMessages.of(e)),
          e);
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Every token's id: the model's vocabulary (a map, or a list for Unigram) and added tokens; each
   * id must be an int in 0..2^31-2 so that one more than the largest is a vocabulary size.
   */
  private static Map<String, Integer> tokenIds(Path file, JsonNode root) throws BadInputException {
    Map<String, Integer> ids = new LinkedHashMap<>();
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      for (Map.Entry<String, JsonNode> e : vocab.properties()) {
        ids.put(e.getKey(), id(file, e.getValue(), "model.vocab \"" + e.getKey() + "\""));
      }
    } else if (vocab.isArray()) {
      for (int id = 0; id < vocab.size(); id++) {
        ids.put(vocab.get(id).path(0).asText(), id);
      }
    }
    int i = 0;
    for (JsonNode added : root.path("added_tokens")) {
      ids.put(
          added.path("content").asText(), id(file, added.path("id"), "added_tokens[" + i + "]"));
      i++;
    }
    return ids;
  }

  private static int id(Path file, JsonNode id, String where) throws BadInputException {
    if (!id.isIntegralNumber()
        || !id.canConvertToInt()
        || id.asInt() < 0
        || id.asInt() == Integer.MAX_VALUE) {
      throw BadInputException.in(
          file, where + " has id " + id + ", expected a token id in 0.." + (Integer.MAX_VALUE - 1));
    }
    return id.asInt();
  }

  private static OptionalInt eosId(Path file, Map<String, Integer> ids) throws BadInputException {
    Path config = file.resolveSibling("tokenizer_config.json");
    if (Files.isRegularFile(config)) {
      JsonNode eos = parse(config, read(config)).path("eos_token");
      String name = eos.isObject() ? eos.path("content").asText(null) : eos.asText(null);
      if (name != null) {
        Integer id = ids.get(name);
        if (id == null) {
          throw BadInputException.in(
              config, "eos_token \"" + name + "\" is not a token of " + file.getFileName());
        }
        return OptionalInt.of(id);
      }
    }
    for (String name : EOS_NAMES) {
      Integer id = ids.get(name);
      if (id != null) {
        return OptionalInt.of(id);
      }
    }
    return OptionalInt.empty();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
