package io.memtrace.model.training;

import io.memtrace.BadInputException;
import io.memtrace.model.config.Activation;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Transformer that labels every position of a sequence of feature vectors: a linear input
 * projection, GPT-NeoX blocks (causal attention across the positions, rotary positions unless
 * disabled), a final LayerNorm and a linear head over the classes, trained by cross-entropy on the
 * labelled positions. Study A's memorization predictor is one: features are an LM's hidden states
 * and entropies per decoding step, the label whether greedy decoding got the token right.
 */
public final class TokenClassifier implements SequenceClassifier {
  /**
   * @param features inputs per position
   * @param classes labels 0..classes-1
   * @param positions false to drop rotary positions (the causal mask still orders the positions)
   */
  public record Shape(
      int features,
      int classes,
      int width,
      int layers,
      int heads,
      int intermediate,
      boolean positions) {}

  private final Shape shape;
  private final GptNeoXConfig blocks;
  private final Parameter inputWeight; // (width, features)
  private final Parameter inputBias; // (width)
  private final List<NeoXParameters.Layer> layers;
  private final Parameter finalWeight;
  private final Parameter finalBias;
  private final Parameter headWeight; // (classes, width)
  private final Parameter headBias; // (classes)
  private final List<Parameter> all = new ArrayList<>();
  private final Dense dense;
  private final BlockStack stack;

  public TokenClassifier(Shape shape, int threads) throws BadInputException {
    if (shape.features() < 1 || shape.classes() < 2) {
      throw new BadInputException(
          shape.features() + " features and " + shape.classes() + " classes; expected >= 1, >= 2");
    }
    this.shape = shape;
    this.blocks =
        new GptNeoXConfig(
            shape.classes(),
            shape.width(),
            shape.layers(),
            shape.heads(),
            shape.intermediate(),
            1 << 16,
            shape.positions() ? 1.0 : 0.0,
            10000,
            1e-5,
            true,
            Activation.GELU,
            false,
            true,
            List.of());
    NeoXParameters.check(blocks);
    int d = shape.width();
    inputWeight = add(new Parameter("input.weight", true, d, shape.features()));
    inputBias = add(new Parameter("input.bias", false, d));
    List<NeoXParameters.Layer> ls = new ArrayList<>();
    for (int l = 0; l < shape.layers(); l++) {
      ls.add(NeoXParameters.layer("layers." + l + ".", d, shape.intermediate(), all));
    }
    layers = List.copyOf(ls);
    finalWeight = add(new Parameter("final_layer_norm.weight", false, d));
    finalBias = add(new Parameter("final_layer_norm.bias", false, d));
    headWeight = add(new Parameter("head.weight", true, shape.classes(), d));
    headBias = add(new Parameter("head.bias", false, shape.classes()));
    this.dense = new Dense(Kernels.get(), new Parallel(threads));
    this.stack = new BlockStack(blocks, dense);
  }

  private Parameter add(Parameter p) {
    all.add(p);
    return p;
  }

  public Shape shape() {
    return shape;
  }

  @Override
  public List<Parameter> parameters() {
    return List.copyOf(all);
  }

  /** Normal weights of standard deviation 0.02, LayerNorms 1, biases 0 (GPT-NeoX's recipe). */
  @Override
  public void initialize(long seed) {
    initialize(seed, 0.02);
  }

  public void initialize(long seed, double std) {
    NeoXParameters.initialize(all, seed, std);
  }

  @Override
  public Parallel parallel() {
    return dense.parallel();
  }

  /** The network has no dropout: the same as {@code loss(..., true)}. */
  @Override
  public double trainingLoss(float[] features, int[] labels, int b, int t, long noise) {
    return loss(features, labels, b, t, true);
  }

  /**
   * @param features (b · t, features) row-major
   * @param labels (b · t) classes, negative for positions without a label
   */
  @Override
  public double loss(float[] features, int[] labels, int b, int t, boolean backward) {
    int n = b * t;
    Run run = forward(features, b, t);
    double loss =
        CrossEntropy.lossAndGradient(dense, run.logits, n, shape.classes(), labels, backward);
    if (!backward) return loss;
    float[] dx = new float[n * shape.width()];
    run.lnf.backward(
        dense.parallel(),
        dense.linearBackward(run.lnf.out, n, headWeight, headBias, run.logits),
        dx);
    dx = stack.backward(layers, run.saved, dx, b, t);
    dense.linearBackward(features, n, inputWeight, inputBias, dx);
    return loss;
  }

  @Override
  public float[] probabilities(float[] features, int b, int t) {
    float[] logits = forward(features, b, t).logits;
    int c = shape.classes();
    for (int i = 0; i < b * t; i++) dense.kernels().softmax(logits, i * c, c);
    return logits;
  }

  private record Run(float[] logits, LayerNormGrad lnf, List<BlockStack.Saved> saved) {}

  private Run forward(float[] features, int b, int t) {
    int n = b * t;
    if (features.length != n * shape.features()) {
      throw new IllegalArgumentException(
          features.length + " features for " + n + " positions of " + shape.features());
    }
    float[] x = dense.linear(features, n, inputWeight, inputBias);
    List<BlockStack.Saved> saved = new ArrayList<>();
    x = stack.forward(layers, x, b, t, saved);
    LayerNormGrad lnf =
        LayerNormGrad.forward(dense, x, n, finalWeight, finalBias, blocks.layerNormEps());
    return new Run(dense.linear(lnf.out, n, headWeight, headBias), lnf, saved);
  }

  @Override
  public float[][] snapshot() {
    float[][] out = new float[all.size()][];
    for (int i = 0; i < out.length; i++) out[i] = all.get(i).data().clone();
    return out;
  }

  @Override
  public void restore(float[][] snapshot) {
    for (int i = 0; i < snapshot.length; i++) {
      System.arraycopy(snapshot[i], 0, all.get(i).data(), 0, snapshot[i].length);
    }
  }

  @Override
  public String toString() {
    return shape + ", " + Arrays.stream(snapshot()).mapToInt(a -> a.length).sum() + " parameters";
  }
}
