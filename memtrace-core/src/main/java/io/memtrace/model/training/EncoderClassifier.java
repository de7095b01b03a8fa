package io.memtrace.model.training;

import io.memtrace.BadInputException;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bidirectional Transformer encoder that labels every position, in the shape of {@code
 * torch.nn.TransformerEncoder} over {@code TransformerEncoderLayer}s (post-LayerNorm, ReLU,
 * dropout) followed by a per-position head that joins side features after the encoder:
 *
 * <pre>
 * x      = the first {@code inputs} features of each position        (no projection, no positions)
 * layer: x = LN1(x + Drop(Attention(x)))                             every position of a sequence
 *        x = LN2(x + Drop(W2 · Drop(ReLU(W1 · x))))                  attends to all of its positions
 * head:  z = ReLU(Wh · x + bh) ⧺ the last {@code side} features      (hidden + side)
 *        logits = Wo · z + bo                                         (classes)
 * </pre>
 *
 * Dropout acts on the attention probabilities, the attention output, the ReLU and the second
 * linear's output, as in PyTorch's layer, in training mode only. Attention never crosses sequences:
 * the rows of a batch are independent. {@link #initialize} follows PyTorch's defaults, including
 * that every layer starts as a copy of the first (TransformerEncoder deep-copies its layer).
 */
public final class EncoderClassifier implements SequenceClassifier {
  /**
   * @param inputs encoder width (features per position read by the encoder)
   * @param side features per position joined after the encoder (read after the inputs)
   * @param feedForward width of each layer's ReLU MLP
   * @param hidden width of the head's ReLU layer
   * @param dropout probability, 0 for none
   */
  public record Shape(
      int inputs,
      int side,
      int classes,
      int layers,
      int heads,
      int feedForward,
      int hidden,
      double dropout) {
    public int features() {
      return inputs + side;
    }
  }

  /** One encoder layer's tensors. */
  private record Layer(
      Parameter qkvWeight, // (3 · inputs, inputs), per head [q k v]
      Parameter qkvBias, // (3 · inputs)
      Parameter outWeight, // (inputs, inputs)
      Parameter outBias, // (inputs)
      Parameter norm1Weight, // (inputs)
      Parameter norm1Bias,
      Parameter ff1Weight, // (feedForward, inputs)
      Parameter ff1Bias, // (feedForward)
      Parameter ff2Weight, // (inputs, feedForward)
      Parameter ff2Bias, // (inputs)
      Parameter norm2Weight, // (inputs)
      Parameter norm2Bias) {}

  private static final double LAYER_NORM_EPS = 1e-5;

  private final Shape shape;
  private final List<Layer> layers;
  private final Parameter headWeight; // (hidden, inputs)
  private final Parameter headBias; // (hidden)
  private final Parameter outWeight; // (classes, hidden + side)
  private final Parameter outBias; // (classes)
  private final List<Parameter> all = new ArrayList<>();
  private final Dense dense;

  public EncoderClassifier(Shape shape, int threads) throws BadInputException {
    if (shape.inputs() < 1
        || shape.side() < 0
        || shape.classes() < 2
        || shape.layers() < 1
        || shape.heads() < 1
        || shape.inputs() % shape.heads() != 0
        || shape.feedForward() < 1
        || shape.hidden() < 1
        || !(shape.dropout() >= 0 && shape.dropout() < 1)) {
      throw new BadInputException(
          "encoder shape "
              + shape
              + "; expected inputs >= 1 divisible by heads, side >= 0, classes >= 2, layers,"
              + " feed-forward and hidden >= 1, dropout in [0, 1)");
    }
    this.shape = shape;
    int d = shape.inputs();
    int f = shape.feedForward();
    List<Layer> ls = new ArrayList<>();
    for (int l = 0; l < shape.layers(); l++) {
      String p = "layers." + l + ".";
      ls.add(
          new Layer(
              add(new Parameter(p + "attention.qkv.weight", true, 3 * d, d)),
              add(new Parameter(p + "attention.qkv.bias", false, 3 * d)),
              add(new Parameter(p + "attention.out.weight", true, d, d)),
              add(new Parameter(p + "attention.out.bias", false, d)),
              add(new Parameter(p + "norm1.weight", false, d)),
              add(new Parameter(p + "norm1.bias", false, d)),
              add(new Parameter(p + "linear1.weight", true, f, d)),
              add(new Parameter(p + "linear1.bias", false, f)),
              add(new Parameter(p + "linear2.weight", true, d, f)),
              add(new Parameter(p + "linear2.bias", false, d)),
              add(new Parameter(p + "norm2.weight", false, d)),
              add(new Parameter(p + "norm2.bias", false, d))));
    }
    layers = List.copyOf(ls);
    headWeight = add(new Parameter("head.hidden.weight", true, shape.hidden(), d));
    headBias = add(new Parameter("head.hidden.bias", false, shape.hidden()));
    int joined = shape.hidden() + shape.side();
    outWeight = add(new Parameter("head.out.weight", true, shape.classes(), joined));
    outBias = add(new Parameter("head.out.bias", false, shape.classes()));
    this.dense = new Dense(Kernels.get(), new Parallel(threads));
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

  @Override
  public Parallel parallel() {
    return dense.parallel();
  }

  /**
   * PyTorch's defaults: a linear layer's weight and bias uniform in ±1/√fan_in; the attention's
   * joint q, k, v projection Xavier-uniform (±√(6 / (inputs + 3 · inputs))) with zero bias, its
   * output projection's bias zero; LayerNorms 1 and 0; layers 1.. copies of layer 0.
   */
  @Override
  public void initialize(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int d = shape.inputs();
    Layer first = layers.getFirst();
    uniform(first.qkvWeight(), Math.sqrt(6.0 / (d + 3 * d)), random);
    Arrays.fill(first.qkvBias().data(), 0f);
    uniform(first.outWeight(), 1 / Math.sqrt(d), random);
    Arrays.fill(first.outBias().data(), 0f);
    Arrays.fill(first.norm1Weight().data(), 1f);
    Arrays.fill(first.norm1Bias().data(), 0f);
    uniform(first.ff1Weight(), 1 / Math.sqrt(d), random);
    uniform(first.ff1Bias(), 1 / Math.sqrt(d), random);
    uniform(first.ff2Weight(), 1 / Math.sqrt(shape.feedForward()), random);
    uniform(first.ff2Bias(), 1 / Math.sqrt(shape.feedForward()), random);
    Arrays.fill(first.norm2Weight().data(), 1f);
    Arrays.fill(first.norm2Bias().data(), 0f);
    int perLayer = 12;
    for (int l = 1; l < layers.size(); l++) {
      for (int i = 0; i < perLayer; i++) {
        float[] from = all.get(i).data();
        System.arraycopy(from, 0, all.get(l * perLayer + i).data(), 0, from.length);
      }
    }
    uniform(headWeight, 1 / Math.sqrt(d), random);
    uniform(headBias, 1 / Math.sqrt(d), random);
    int joined = shape.hidden() + shape.side();
    uniform(outWeight, 1 / Math.sqrt(joined), random);
    uniform(outBias, 1 / Math.sqrt(joined), random);
  }

  private static void uniform(Parameter p, double bound, SplittableRandom random) {
    float[] w = p.data();
    for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * random.nextDouble() - 1) * bound);
  }

  @Override
  public double loss(float[] features, int[] labels, int b, int t, boolean backward) {
    return loss(features, labels, b, t, backward, null);
  }

  @Override
  public double trainingLoss(float[] features, int[] labels, int b, int t, long noise) {
    return loss(
        features, labels, b, t, true, shape.dropout() > 0 ? new SplittableRandom(noise) : null);
  }

  @Override
  public float[] probabilities(float[] features, int b, int t) {
    float[] logits = forward(features, b, t, null).logits;
    int c = shape.classes();
    for (int i = 0; i < b * t; i++) dense.kernels().softmax(logits, i * c, c);
    return logits;
  }

  private double loss(
      float[] features, int[] labels, int b, int t, boolean backward, SplittableRandom noise) {
    int n = b * t;
    Run run = forward(features, b, t, noise);
    double loss =
        CrossEntropy.lossAndGradient(dense, run.logits, n, shape.classes(), labels, backward);
    if (!backward) return loss;
    int h = shape.hidden();
    int joined = h + shape.side();
    float[] dJoined = dense.linearBackward(run.joined, n, outWeight, outBias, run.logits);
    float[] dHidden = new float[n * h];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < h; k++) {
        dHidden[i * h + k] = run.preHidden[i * h + k] > 0 ? dJoined[i * joined + k] : 0f;
      }
    }
    float[] dx = dense.linearBackward(run.encoded, n, headWeight, headBias, dHidden);
    for (int l = layers.size() - 1; l >= 0; l--) {
      dx = layerBackward(layers.get(l), run.saved.get(l), dx, n);
    }
    return loss;
  }

  /** What one layer's backward pass needs. */
  private record Saved(
      float[] input, // (n, d)
      AttentionGrad attention,
      float[] attended, // (n, d): attention output before its projection
      Dropout attentionOut, // on the projected attention output, or null
      LayerNormGrad norm1, // its out is the MLP's input
      float[] activated, // (n, f): after the ReLU and its dropout, positive where they pass
      float reluScale, // 1 / (1 - p) under dropout, else 1
      Dropout mlpOut, // or null
      LayerNormGrad norm2) {}

  private record Run(
      float[] logits, // (n, classes)
      float[] joined, // (n, hidden + side)
      float[] preHidden, // (n, hidden)
      float[] encoded, // (n, d): the last layer's output
      List<Saved> saved) {}

  private Run forward(float[] features, int b, int t, SplittableRandom noise) {
    int n = b * t;
    int d = shape.inputs();
    int width = shape.features();
    if (features.length != n * width) {
      throw new IllegalArgumentException(
          features.length + " features for " + n + " positions of " + width);
    }
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) System.arraycopy(features, i * width, x, i * d, d);
    List<Saved> saved = new ArrayList<>();
    for (Layer layer : layers) x = layer(layer, x, b, t, noise, saved);
    int h = shape.hidden();
    int joined = h + shape.side();
    float[] pre = dense.linear(x, n, headWeight, headBias);
    float[] z = new float[n * joined];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < h; k++) z[i * joined + k] = Math.max(0f, pre[i * h + k]);
      System.arraycopy(features, i * width + d, z, i * joined + h, shape.side());
    }
    return new Run(dense.linear(z, n, outWeight, outBias), z, pre, x, saved);
  }

  private Dropout mask(SplittableRandom noise, int n) {
    return noise == null
        ? null
        : Dropout.draw(dense.parallel(), n, shape.dropout(), noise.nextLong());
  }

  private float[] layer(
      Layer p, float[] x, int b, int t, SplittableRandom noise, List<Saved> saved) {
    int n = b * t;
    int d = shape.inputs();
    int heads = shape.heads();
    float[] qkv = dense.linear(x, n, p.qkvWeight(), p.qkvBias());
    float[] attended = new float[n * d];
    AttentionGrad attention =
        AttentionGrad.forward(
            dense,
            qkv,
            b,
            t,
            heads,
            d / heads,
            null,
            false,
            mask(noise, b * heads * t * t),
            attended);
    float[] a = dense.linear(attended, n, p.outWeight(), p.outBias());
    Dropout attentionOut = mask(noise, n * d);
    if (attentionOut != null) attentionOut.applyInPlace(a);
    for (int i = 0; i < a.length; i++) a[i] += x[i];
    LayerNormGrad norm1 =
        LayerNormGrad.forward(dense, a, n, p.norm1Weight(), p.norm1Bias(), LAYER_NORM_EPS);
    float[] up = dense.linear(norm1.out, n, p.ff1Weight(), p.ff1Bias());
    Dropout reluMask = mask(noise, up.length);
    float[] activated = relu(up, reluMask);
    float reluScale = reluMask == null ? 1f : reluMask.scale();
    float[] m = dense.linear(activated, n, p.ff2Weight(), p.ff2Bias());
    Dropout mlpOut = mask(noise, n * d);
    if (mlpOut != null) mlpOut.applyInPlace(m);
    for (int i = 0; i < m.length; i++) m[i] += norm1.out[i];
    LayerNormGrad norm2 =
        LayerNormGrad.forward(dense, m, n, p.norm2Weight(), p.norm2Bias(), LAYER_NORM_EPS);
    saved.add(
        new Saved(
            x, attention, attended, attentionOut, norm1, activated, reluScale, mlpOut, norm2));
    return norm2.out;
  }

  /**
   * The ReLU and its dropout in one pass, in place: {@code x[i] · scale} where {@code x[i] > 0} and
   * the mask keeps i, else 0. Every value that passes stays positive, so the backward pass reads
   * the gate back from the output.
   */
  private float[] relu(float[] x, Dropout dropout) {
    boolean[] keep = dropout == null ? null : dropout.mask();
    float scale = dropout == null ? 1f : dropout.scale();
    chunks(
        x.length,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            x[i] = x[i] > 0 && (keep == null || keep[i]) ? x[i] * scale : 0f;
          }
        });
    return x;
  }

  /** Backward of {@link #relu}: {@code dy[i] · scale} where the output was positive, else 0. */
  private void reluBackward(float[] out, float scale, float[] dy) {
    chunks(
        dy.length,
        (from, to) -> {
          for (int i = from; i < to; i++) dy[i] *= out[i] > 0 ? scale : 0f;
        });
  }

  private interface Range {
    void run(int from, int to);
  }

  /** {@code body} over [0, n) in chunks spread over the threads. */
  private void chunks(int n, Range body) {
    int chunk = 1 << 14;
    dense
        .parallel()
        .forEach((n + chunk - 1) / chunk, c -> body.run(c * chunk, Math.min(n, (c + 1) * chunk)));
  }

  /** The gradient for the layer's input, given {@code dOut} for its output; fills the layer's. */
  private float[] layerBackward(Layer p, Saved s, float[] dOut, int n) {
    int d = shape.inputs();
    Parallel parallel = dense.parallel();
    // out = LN2(r2), r2 = x1 + Drop(W2 · act), x1 = LN1(r1)
    float[] dR2 = new float[n * d];
    s.norm2().backward(parallel, dOut, dR2);
    float[] dM = dR2.clone();
    if (s.mlpOut() != null) s.mlpOut().applyInPlace(dM);
    float[] dAct = dense.linearBackward(s.activated(), n, p.ff2Weight(), p.ff2Bias(), dM);
    reluBackward(s.activated(), s.reluScale(), dAct);
    float[] dX1 = dense.linearBackward(s.norm1().out, n, p.ff1Weight(), p.ff1Bias(), dAct);
    for (int i = 0; i < dX1.length; i++) dX1[i] += dR2[i];
    // x1 = LN1(r1), r1 = x + Drop(Wo · attention(x))
    float[] dR1 = new float[n * d];
    s.norm1().backward(parallel, dX1, dR1);
    float[] dA = dR1.clone();
    if (s.attentionOut() != null) s.attentionOut().applyInPlace(dA);
    float[] dAttended = dense.linearBackward(s.attended(), n, p.outWeight(), p.outBias(), dA);
    float[] dQkv = s.attention().backward(dense, dAttended);
    float[] dx = dense.linearBackward(s.input(), n, p.qkvWeight(), p.qkvBias(), dQkv);
    for (int i = 0; i < dx.length; i++) dx[i] += dR1[i];
    return dx;
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
    return shape + ", " + all.stream().mapToInt(Parameter::size).sum() + " parameters";
  }
}
