package io.memtrace.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.JsonMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's {@code config.json}, one record per supported architecture, chosen by the first entry
 * of {@code architectures}. Field names and defaults are those of Hugging Face transformers.
 */
public sealed interface ModelConfig permits GptNeoXConfig, LlamaConfig, Gpt2Config, OlmoConfig {
  /** The architectures memtrace runs, as config.json names them. */
  List<String> SUPPORTED =
      List.of("GPTNeoXForCausalLM", "LlamaForCausalLM", "GPT2LMHeadModel", "OlmoForCausalLM");

  String architecture();

  int vocabSize();

  int hiddenSize();

  int layers();

  int heads();

  /** Key/value heads: fewer than {@link #heads()} under grouped-query attention. */
  int kvHeads();

  int headDim();

  int intermediateSize();

  /** The longest sequence the model was built for ({@code max_position_embeddings}). */
  int maxPositions();

  /** Whether the output projection is the transposed token embedding. */
  boolean tiedEmbeddings();

  /**
   * End-of-text token ids ({@code eos_token_id}, an int or a list), each in {@code 0..vocabSize-1};
   * empty when not given.
   */
  List<Integer> eosTokenIds();

  /** Reads {@code config.json}, or the one inside a model directory. */
  static ModelConfig read(Path configOrDir) throws BadInputException {
    Path file = Files.isDirectory(configOrDir) ? configOrDir.resolve("config.json") : configOrDir;
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw BadInputException.in(file, "no such file; a model directory needs config.json");
    } catch (JsonProcessingException e) {
      throw BadInputException.in(file, "not valid JSON (" + JsonMessages.of(e) + ")");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) throw BadInputException.in(file, "not a JSON object");
    ConfigFields f = new ConfigFields(file, root);
    JsonNode archs = root.path("architectures");
    String arch = archs.isArray() && !archs.isEmpty() ? archs.get(0).asText() : "";
    if (arch.isEmpty()) {
      throw f.bad("has no \"architectures\" list; expected one of " + SUPPORTED);
    }
    ModelConfig config =
        switch (arch) {
          case "GPTNeoXForCausalLM" -> GptNeoXConfig.from(f);
          case "LlamaForCausalLM" -> LlamaConfig.from(f);
          case "GPT2LMHeadModel" -> Gpt2Config.from(f);
          case "OlmoForCausalLM" -> OlmoConfig.from(f);
          default ->
              throw f.bad("architecture " + arch + " is not supported; memtrace runs " + SUPPORTED);
        };
    for (int eos : config.eosTokenIds()) {
      if (eos < 0 || eos >= config.vocabSize()) {
        throw f.bad(
            "eos_token_id "
                + eos
                + " is not a token id; expected one in 0.."
                + (config.vocabSize() - 1)
                + " (vocab_size "
                + config.vocabSize()
                + ")");
      }
    }
    return config;
  }

  /** {@code heads} must divide {@code hidden} (the common case without an explicit head_dim). */
  static int headDim(ConfigFields f, int hidden, int heads) throws BadInputException {
    if (hidden % heads != 0) {
      throw f.bad("hidden size " + hidden + " is not a multiple of the " + heads + " heads");
    }
    return hidden / heads;
  }

  /** Rejects {@code rope_scaling}, whose variants change the rotary frequencies. */
  static void requireNoRopeScaling(ConfigFields f) throws BadInputException {
    JsonNode scaling = f.node("rope_scaling");
    if (!scaling.isMissingNode() && !scaling.isNull()) {
      String type = scaling.path("rope_type").asText(scaling.path("type").asText(""));
      if (!type.equals("default")) {
        throw f.bad("rope_scaling " + scaling + " is not supported; only unscaled rotary");
      }
    }
  }

  static List<Integer> eos(ConfigFields f) throws BadInputException {
    return java.util.Arrays.stream(f.ints("eos_token_id")).boxed().toList();
  }
}
