package io.memtrace.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What memtrace knows about a token store it wrote, kept beside it as {@code P.meta.json}: the
 * tokenizer (path and SHA-256 of its tokenizer.json, so later stages refuse a different one), the
 * EOS convention, the inputs and the totals. Megatron's own format has no room for these; stores
 * from elsewhere simply have no metadata.
 *
 * <pre>{@code
 * {"format": "memtrace-store-meta", "version": 1, "tokenizer": PATH, "tokenizer_sha256": HEX,
 *  "vocab_size": INT, "eos_id": INT|null, "eos_appended": BOOL, "inputs": [NAME...],
 *  "documents": LONG, "tokens": LONG}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoreMetadata(
    String format,
    int version,
    String tokenizer,
    String tokenizerSha256,
    int vocabSize,
    Integer eosId,
    boolean eosAppended,
    List<String> inputs,
    long documents,
    long tokens) {

  public static final String FORMAT = "memtrace-store-meta";
  public static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public StoreMetadata {
    inputs = List.copyOf(inputs);
  }

  /** The metadata file of the store with path prefix {@code prefix}. */
  public static Path fileOf(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".meta.json");
  }

  /** Writes to a temporary file and renames it into place. */
  public void write(Path prefix) throws IOException {
    AtomicWrite.write(fileOf(prefix), out -> JSON.writeValue(out, this));
  }

  /**
   * What memtrace would have recorded had it written {@code store} with {@code tokenizer}: for a
   * store from elsewhere (Pythia's Pile, Megatron's {@code preprocess_data.py}) whose tokenizer the
   * user names. Whether EOS was appended is not known, so it is recorded as not.
   */
  public static StoreMetadata describing(Tokenizer tokenizer, TokenStore store) {
    return new StoreMetadata(
        FORMAT,
        VERSION,
        tokenizer.path().toAbsolutePath().normalize().toString(),
        tokenizer.sha256(),
        tokenizer.vocabSize(),
        tokenizer.eosId().isPresent() ? tokenizer.eosId().getAsInt() : null,
        false,
        List.of(),
        store.documentCount(),
        store.tokenCount());
  }

  /** Reads the metadata of a store, or null when it has none. */
  public static StoreMetadata readIfPresent(Path prefix) throws IOException {
    Path file = fileOf(prefix);
    if (!Files.exists(file)) return null;
    StoreMetadata m;
    try {
      m = JSON.readValue(file.toFile(), StoreMetadata.class);
    } catch (IOException e) {
      throw BadInputException.in(file, "unreadable store metadata (" + e.getMessage() + ")");
    }
    if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
      throw BadInputException.in(
          file,
          "format "
              + m.format()
              + " version "
              + m.version()
              + ", expected "
              + FORMAT
              + " version "
              + VERSION);
    }
    return m;
  }
}
