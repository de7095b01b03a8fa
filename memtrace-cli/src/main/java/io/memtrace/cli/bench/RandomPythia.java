package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.AtomicWrite;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.SafetensorsWriter;
import io.memtrace.model.safetensors.SafetensorsWriter.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A GPT-NeoX checkpoint with Pythia's shapes and seeded random float32 weights (normal, std 0.02 as
 * transformers initializes them; norms at 1 and 0), written in the Hugging Face layout for
 * benchmarks.
 */
final class RandomPythia {
  /** Pythia-160M: 12 layers, hidden 768, 12 heads, MLP 3072, vocabulary 50304. */
  static final int LAYERS = 12;

  static final int DIM = 768;
  static final int HEADS = 12;
  static final int INTER = 3072;
  static final int VOCAB = 50304;

  private RandomPythia() {}

  /** Writes the model in float32 into {@code dir} unless a complete one is there. */
  static void writeIfAbsent(Path dir, long seed) throws IOException {
    writeIfAbsent(dir, seed, false);
  }

  /** As {@link #writeIfAbsent(Path, long)}, in bfloat16 when {@code bf16}. */
  static void writeIfAbsent(Path dir, long seed, boolean bf16) throws IOException {
    if (Files.exists(dir.resolve(Checkpoint.SINGLE)) && Files.exists(dir.resolve("config.json"))) {
      return;
    }
    Files.createDirectories(dir);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Entry> f32 = new ArrayList<>();
    List<Entry> entries = f32;
    entries.add(normal(rnd, "gpt_neox.embed_in.weight", VOCAB, DIM));
    for (int l = 0; l < LAYERS; l++) {
      String p = "gpt_neox.layers." + l + ".";
      entries.add(constant(p + "input_layernorm.weight", 1, DIM));
      entries.add(constant(p + "input_layernorm.bias", 0, DIM));
      entries.add(constant(p + "post_attention_layernorm.weight", 1, DIM));
      entries.add(constant(p + "post_attention_layernorm.bias", 0, DIM));
      entries.add(normal(rnd, p + "attention.query_key_value.weight", 3 * DIM, DIM));
      entries.add(constant(p + "attention.query_key_value.bias", 0, 3 * DIM));
      entries.add(normal(rnd, p + "attention.dense.weight", DIM, DIM));
      entries.add(constant(p + "attention.dense.bias", 0, DIM));
      entries.add(normal(rnd, p + "mlp.dense_h_to_4h.weight", INTER, DIM));
      entries.add(constant(p + "mlp.dense_h_to_4h.bias", 0, INTER));
      entries.add(normal(rnd, p + "mlp.dense_4h_to_h.weight", DIM, INTER));
      entries.add(constant(p + "mlp.dense_4h_to_h.bias", 0, DIM));
    }
    entries.add(constant("gpt_neox.final_layer_norm.weight", 1, DIM));
    entries.add(constant("gpt_neox.final_layer_norm.bias", 0, DIM));
    entries.add(normal(rnd, "embed_out.weight", VOCAB, DIM));
    if (bf16) {
      entries = new ArrayList<>();
      for (Entry e : f32) {
        java.nio.ByteBuffer b =
            java.nio.ByteBuffer.wrap(e.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[e.bytes().length / 4];
        for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
        entries.add(Entry.bf16(e.name(), v, e.shape()));
      }
    }
    SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE), entries, Map.of("format", "pt"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.putArray("architectures").add("GPTNeoXForCausalLM");
    config.put("model_type", "gpt_neox");
    config.put("hidden_size", DIM);
    config.put("num_attention_heads", HEADS);
    config.put("num_hidden_layers", LAYERS);
    config.put("intermediate_size", INTER);
    config.put("vocab_size", VOCAB);
    config.put("rotary_pct", 0.25);
    config.put("rotary_emb_base", 10000);
    config.put("use_parallel_residual", true);
    config.put("hidden_act", "gelu");
    config.put("max_position_embeddings", 2048);
    config.put("layer_norm_eps", 1e-5);
    config.put("tie_word_embeddings", false);
    config.put("eos_token_id", 0);
    config.put("torch_dtype", bf16 ? "bfloat16" : "float32");
    AtomicWrite.write(
        dir.resolve("config.json"),
        out -> json.writerWithDefaultPrettyPrinter().writeValue(out, config));
  }

  private static Entry normal(SplittableRandom rnd, String name, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * 0.02);
    return Entry.f32(name, v, rows, cols);
  }

  private static Entry constant(String name, float value, int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, value);
    return Entry.f32(name, v, n);
  }
}
