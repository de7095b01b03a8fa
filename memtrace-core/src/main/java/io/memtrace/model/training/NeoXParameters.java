package io.memtrace.model.training;

import io.memtrace.BadInputException;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a GPT-NeoX model in transformers' names and shapes, in the order the
 * checkpoint lists them. Attention and MLP projections carry biases (Pythia's layout).
 */
public final class NeoXParameters {
  /** One block's tensors. */
  public record Layer(
      Parameter ln1Weight, // (dim)
      Parameter ln1Bias, // (dim)
      Parameter ln2Weight, // (dim)
      Parameter ln2Bias, // (dim)
      Parameter qkvWeight, // (3 · dim, dim), per head [q k v]
      Parameter qkvBias, // (3 · dim)
      Parameter denseWeight, // (dim, dim)
      Parameter denseBias, // (dim)
      Parameter upWeight, // (inter, dim)
      Parameter upBias, // (inter)
      Parameter downWeight, // (dim, inter)
      Parameter downBias) {} // (dim)

  private final GptNeoXConfig config;
  private final Parameter embedding; // (vocab, dim)
  private final List<Layer> layers;
  private final Parameter finalWeight; // (dim)
  private final Parameter finalBias; // (dim)
  private final Parameter head; // (vocab, dim)
  private final List<Parameter> all = new ArrayList<>();

  /** Zero-filled tensors shaped for {@code config}, which must describe a trainable model. */
  public NeoXParameters(GptNeoXConfig config) throws BadInputException {
    check(config);
    this.config = config;
    int d = config.hiddenSize();
    int inter = config.intermediateSize();
    int v = config.vocabSize();
    embedding = add(new Parameter("gpt_neox.embed_in.weight", true, v, d));
    List<Layer> ls = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      ls.add(layer("gpt_neox.layers." + l + ".", d, inter, all));
    }
    layers = List.copyOf(ls);
    finalWeight = add(new Parameter("gpt_neox.final_layer_norm.weight", false, d));
    finalBias = add(new Parameter("gpt_neox.final_layer_norm.bias", false, d));
    head = add(new Parameter("embed_out.weight", true, v, d));
  }

  /** One block's tensors under {@code prefix}, appended to {@code all} in checkpoint order. */
  static Layer layer(String p, int d, int inter, List<Parameter> all) {
    java.util.function.UnaryOperator<Parameter> add =
        x -> {
          all.add(x);
          return x;
        };
    return new Layer(
        add.apply(new Parameter(p + "input_layernorm.weight", false, d)),
        add.apply(new Parameter(p + "input_layernorm.bias", false, d)),
        add.apply(new Parameter(p + "post_attention_layernorm.weight", false, d)),
        add.apply(new Parameter(p + "post_attention_layernorm.bias", false, d)),
        add.apply(new Parameter(p + "attention.query_key_value.weight", true, 3 * d, d)),
        add.apply(new Parameter(p + "attention.query_key_value.bias", false, 3 * d)),
        add.apply(new Parameter(p + "attention.dense.weight", true, d, d)),
        add.apply(new Parameter(p + "attention.dense.bias", false, d)),
        add.apply(new Parameter(p + "mlp.dense_h_to_4h.weight", true, inter, d)),
        add.apply(new Parameter(p + "mlp.dense_h_to_4h.bias", false, inter)),
        add.apply(new Parameter(p + "mlp.dense_4h_to_h.weight", true, d, inter)),
        add.apply(new Parameter(p + "mlp.dense_4h_to_h.bias", false, d)));
  }

  static void check(GptNeoXConfig c) throws BadInputException {
    if (c.tiedEmbeddings()) {
      throw new BadInputException("training supports untied embeddings only (as Pythia)");
    }
    if (!c.attentionBias()) {
      throw new BadInputException("training supports attention_bias=true only (as Pythia)");
    }
    if (c.hiddenSize() % c.heads() != 0) {
      throw new BadInputException(
          "hidden size " + c.hiddenSize() + " is not divisible by " + c.heads() + " heads");
    }
    if (c.rotaryDims() % 2 != 0) {
      throw new BadInputException(
          "rotary_pct " + c.rotaryPct() + " gives an odd number of rotary dimensions");
    }
  }

  private Parameter add(Parameter p) {
    all.add(p);
    return p;
  }

  /**
   * Initialisation as transformers' GPT-NeoX: weights of linear layers and embeddings from N(0,
   * std), biases 0, LayerNorm weight 1 and bias 0. Deterministic for a seed.
   */
  public void initialize(long seed, double std) {
    initialize(all, seed, std);
  }

  /** {@link #initialize(long, double)} of any list of tensors named as transformers names them. */
  static void initialize(List<Parameter> params, long seed, double std) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter p : params) {
      boolean norm = p.name().contains("layernorm") || p.name().contains("layer_norm");
      if (p.shape().length == 2) {
        for (int i = 0; i < p.size(); i++) p.data()[i] = (float) (gaussian(random) * std);
      } else {
        Arrays.fill(p.data(), norm && p.name().endsWith(".weight") ? 1f : 0f);
      }
    }
  }

  /** Standard normal by the Box–Muller transform (SplittableRandom has no nextGaussian state). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Copies every tensor from a checkpoint, widening F16/BF16; shapes must match exactly. */
  public void load(Checkpoint checkpoint) throws IOException {
    for (Parameter p : all) {
      Tensor t = checkpoint.find(p.name());
      if (t == null) {
        throw BadInputException.in(checkpoint.dir(), "missing tensor " + p.name());
      }
      if (!Arrays.equals(t.info().shape(), p.shape())) {
        throw BadInputException.in(
            checkpoint.dir(),
            p.name()
                + " has shape "
                + Arrays.toString(t.info().shape())
                + "; expected "
                + Arrays.toString(p.shape()));
      }
      float[] values = t.toFloats();
      System.arraycopy(values, 0, p.data(), 0, values.length);
    }
  }

  public void zeroGradients() {
    for (Parameter p : all) Arrays.fill(p.grad(), 0f);
  }

  public GptNeoXConfig config() {
    return config;
  }

  public Parameter embedding() {
    return embedding;
  }

  public Layer layer(int l) {
    return layers.get(l);
  }

  public List<Layer> layers() {
    return layers;
  }

  public Parameter finalWeight() {
    return finalWeight;
  }

  public Parameter finalBias() {
    return finalBias;
  }

  public Parameter head() {
    return head;
  }

  /** Every tensor in checkpoint order. */
  public List<Parameter> all() {
    return List.copyOf(all);
  }

  public long count() {
    long n = 0;
    for (Parameter p : all) n += p.size();
    return n;
  }

  /** Parameters outside the two embedding matrices (Pythia's "non-embedding" count). */
  public long nonEmbeddingCount() {
    return count() - embedding.size() - head.size();
  }
}
