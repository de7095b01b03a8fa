package io.memtrace.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * What an index is: the store it was built from, the tokenizer of that store, its vocabulary and
 * token width, and its shards in document order. Written last by {@link IndexWriter}, as {@code
 * INDEX/manifest.mti}:
 *
 * <pre>{@code
 * manifest.mti := Header("memtrace-index", Version) Body Footer       (see IndexFile)
 * Body := UTF-8 JSON object
 *   {"store": PATH, "store_fingerprint": HEX, "store_documents": LONG, "store_tokens": LONG,
 *    "tokenizer": PATH|null, "tokenizer_sha256": HEX|null, "vocab_size": V, "token_width": 2|4,
 *    "shards": [{"first_document": LONG, "documents": INT, "length": INT,
 *                "pointer_width": 1..4}, ...]}
 * }</pre>
 *
 * <p>Token ids are {@code [0, V)}; {@code V} itself is the separator written after every document.
 * A shard's length counts its tokens and separators; its documents follow those of the shard before
 * it. The header's index id is repeated in every shard file.
 *
 * @param store the store's {@code .bin} path at build time, for messages
 * @param storeFingerprint {@link StoreFingerprint} of the store
 * @param tokenizer path of the store's tokenizer.json at build time, or null if unknown
 * @param tokenizerSha256 its SHA-256 (from the store's metadata), or null if the store had none
 */
public record IndexManifest(
    String store,
    String storeFingerprint,
    long storeDocuments,
    long storeTokens,
    String tokenizer,
    String tokenizerSha256,
    int vocabSize,
    int tokenWidth,
    List<Shard> shards) {

  public static final String FILE = "manifest.mti";
  static final String FORMAT = "memtrace-index";

  /** Version 2: the frame's block CRCs (see {@link IndexFile}); version 1 files are refused. */
  static final int VERSION_START = 2;

  static final int VERSION_CURRENT = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** One shard: documents {@code [firstDocument, firstDocument + documents)} of the store. */
  public record Shard(long firstDocument, int documents, int length, int pointerWidth)
      implements Serializable {}

  public IndexManifest {
    shards = List.copyOf(shards);
  }

  /** Writes {@code dir/manifest.mti} with the index id {@code id} of the shards. */
  public void write(Path dir, byte[] id) throws IOException {
    byte[] body = JSON.writeValueAsBytes(this);
    try (var w =
        IndexFileWriter.create(dir.resolve(FILE), FORMAT, VERSION_CURRENT, id, body.length)) {
      w.putBytes(body);
      w.finish();
    }
  }

  /** Parses and checks the body of an opened manifest file. */
  static IndexManifest parse(IndexFile file) throws BadInputException {
    IndexManifest m;
    try {
      m = JSON.readValue(file.body().toArray(ValueLayout.JAVA_BYTE), IndexManifest.class);
    } catch (IOException e) {
      throw BadInputException.in(file.path(), "unreadable manifest (" + e.getMessage() + ")");
    }
    String problem = m.problem();
    if (problem != null) throw BadInputException.in(file.path(), problem);
    return m;
  }

  private String problem() {
    if (vocabSize <= 0 || tokenWidth != (vocabSize <= 0xFFFF ? 2 : 4)) {
      return "vocab_size " + vocabSize + " does not go with token_width " + tokenWidth;
    }
    long document = 0;
    long length = 0;
    for (int i = 0; i < shards.size(); i++) {
      Shard s = shards.get(i);
      if (s.firstDocument() != document
          || s.documents() <= 0
          || s.length() < s.documents()
          || s.pointerWidth() != ShardWriter.pointerWidth(s.length())) {
        return "shard " + i + " is inconsistent: " + s;
      }
      document += s.documents();
      length += s.length();
    }
    if (document != storeDocuments || length != storeTokens + storeDocuments) {
      return "shards hold %d documents and %d symbols, expected %d documents and %d tokens + separators"
          .formatted(document, length, storeDocuments, storeTokens);
    }
    return null;
  }
}
