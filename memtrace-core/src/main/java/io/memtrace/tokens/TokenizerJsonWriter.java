package io.memtrace.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.AtomicWrite;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link BpeModel} as a Hugging Face {@code tokenizer.json}, so that HF tokenizers (Rust,
 * Python, DJL) and transformers' {@code AutoTokenizer} load it: byte-level pre-tokenizer, decoder
 * and post-processor as in GPT-NeoX, no normalizer, no truncation or padding, special tokens as
 * added tokens (matched verbatim, never split). A {@code tokenizer_config.json} beside it names the
 * first special token as end and beginning of text and turns off transformers' clean-up of spaces,
 * which would otherwise break decode(encode(text)) == text.
 *
 * <p>Each file is written with {@link AtomicWrite}, to {@code NAME.tmp} beside it and renamed over
 * the target, so a reader never sees half a file and a later write removes what a killed one left.
 * Temporary files of earlier versions ({@code .tokenizerDIGITS.tmp}) are removed too.
 */
public final class TokenizerJsonWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJsonWriter() {}

  /** Writes {@code tokenizerJson} and, beside it, {@code tokenizer_config.json}. */
  public static void write(BpeModel model, Path tokenizerJson) throws IOException {
    Path dir = tokenizerJson.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    removeLegacyTemporaries(dir);
    writeAtomically(tokenizerJson, tokenizer(model));
    writeAtomically(dir.resolve("tokenizer_config.json"), config(model));
  }

  /** The {@code .tokenizerDIGITS.tmp} files earlier versions wrote through and may have left. */
  private static void removeLegacyTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".tokenizer*.tmp")) {
      for (Path f : files) {
        if (f.getFileName().toString().matches("\\.tokenizer\\d+\\.tmp")) Files.deleteIfExists(f);
      }
    }
  }

  private static ObjectNode tokenizer(BpeModel model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    List<String> specials = model.specialTokens();
    for (int id = 0; id < specials.size(); id++) {
      added
          .addObject()
          .put("id", id)
          .put("content", specials.get(id))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel());
    root.set("post_processor", byteLevel());
    root.set("decoder", byteLevel());
    ObjectNode bpe = root.putObject("model");
    bpe.put("type", "BPE");
    bpe.putNull("dropout");
    bpe.putNull("unk_token");
    bpe.putNull("continuing_subword_prefix");
    bpe.putNull("end_of_word_suffix");
    bpe.put("fuse_unk", false);
    bpe.put("byte_fallback", false);
    bpe.put("ignore_merges", false);
    ObjectNode vocab = bpe.putObject("vocab");
    model.vocab().forEach(vocab::put);
    ArrayNode merges = bpe.putArray("merges");
    for (BpeModel.Merge merge : model.merges()) {
      merges.add(model.tokens().get(merge.left()) + " " + model.tokens().get(merge.right()));
    }
    return root;
  }

  private static ObjectNode byteLevel() {
    return JSON.createObjectNode()
        .put("type", "ByteLevel")
        .put("add_prefix_space", false)
        .put("trim_offsets", true)
        .put("use_regex", true);
  }

  private static ObjectNode config(BpeModel model) {
    ObjectNode config = JSON.createObjectNode();
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    if (model.specialCount() > 0) {
      String endOfText = model.tokens().getFirst();
      config.put("bos_token", endOfText);
      config.put("eos_token", endOfText);
    }
    config.put("add_prefix_space", false);
    config.put("clean_up_tokenization_spaces", false);
    return config;
  }

  private static void writeAtomically(Path target, ObjectNode json) throws IOException {
    AtomicWrite.write(target, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, json));
  }
}
