package io.memtrace.model.blocks;

import io.memtrace.model.engine.Batch;
import io.memtrace.model.engine.KvCache;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Scratch;
import java.util.List;

/**
 * Causal multi-head self-attention with grouped keys and values, shared by all architectures: the
 * projections fill a (n, width) buffer in the checkpoint's {@link QkvLayout}, queries and keys are
 * optionally clipped and rotated, keys and values go to the {@link KvCache}, and every new position
 * attends over its row's prefix in the cache.
 *
 * <p>Scores come from the tiled product (a block of queries against the row's keys), so a query's
 * scores, softmax and weighted sum are the same operations whether it is decoded alone against a
 * cache or run in a teacher-forced pass: cached decoding reproduces the uncached pass exactly.
 */
public final class Attention {
  /** Queries per block of the score product. */
  private static final int QUERY_BLOCK = 64;

  private final List<Linear> projections;
  private final int[] projectionOffsets;
  private final QkvLayout layout;
  private final Rotary rotary;
  private final float clip;
  private final Linear output;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final float scale;

  /**
   * @param projections linear maps whose outputs, placed at {@code projectionOffsets} of each row,
   *     make up the layout's width
   * @param rotary null for none (GPT-2)
   * @param clip clamp q, k and v to [-clip, clip] when positive (OLMo's clip_qkv)
   */
  public Attention(
      List<Linear> projections,
      int[] projectionOffsets,
      QkvLayout layout,
      Rotary rotary,
      float clip,
      Linear output,
      int heads,
      int kvHeads,
      int headDim) {
    this.projections = List.copyOf(projections);
    this.projectionOffsets = projectionOffsets.clone();
    this.layout = layout;
    this.rotary = rotary;
    this.clip = clip;
    this.output = output;
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
    this.scale = (float) (1 / Math.sqrt(headDim));
  }

  /**
   * Attention over the normed input {@code h} (n, dim) of layer {@code layer}, into {@code out}.
   */
  public void forward(Context c, int layer, float[] h, float[] out) {
    if (c.cache().keyBlock() != c.kernels().rowBlock()) {
      throw new IllegalArgumentException(
          "a cache with keys in panels of "
              + c.cache().keyBlock()
              + " for kernels that pack "
              + c.kernels().rowBlock());
    }
    int n = c.n();
    int width = layout.width();
    float[] qkv = new float[n * width];
    for (int p = 0; p < projections.size(); p++) {
      projections.get(p).apply(c, h, n, qkv, projectionOffsets[p], width);
    }
    if (clip > 0) {
      for (int i = 0; i < qkv.length; i++) qkv[i] = Math.max(-clip, Math.min(clip, qkv[i]));
    }
    if (rotary != null) rotary.prepare(c.batch().maxPosition());
    storeKeysAndValues(c, layer, qkv);
    float[] attended = new float[n * heads * headDim];
    c.parallel().forEach(c.batch().rows() * heads, t -> attend(c, layer, qkv, t, attended));
    output.apply(c, attended, n, out, 0, output.out());
  }

  private void storeKeysAndValues(Context c, int layer, float[] qkv) {
    Batch batch = c.batch();
    KvCache cache = c.cache();
    int width = layout.width();
    c.parallel()
        .forEach(
            batch.size(),
            i -> {
              int row = batch.rowOf(i);
              int pos = batch.position(i);
              int base = i * width;
              if (rotary != null) {
                for (int q = 0; q < heads; q++) rotary.apply(qkv, base + layout.q(q), pos);
                for (int g = 0; g < kvHeads; g++) rotary.apply(qkv, base + layout.k(g), pos);
              }
              float[] keys = cache.keys(row, layer);
              float[] values = cache.values(row, layer);
              int stride = cache.keyBlock();
              for (int g = 0; g < kvHeads; g++) {
                int key = cache.keyOffset(row, g, pos);
                int k = base + layout.k(g);
                for (int d = 0; d < headDim; d++) keys[key + d * stride] = qkv[k + d];
                System.arraycopy(
                    qkv, base + layout.v(g), values, cache.offset(row, g, pos), headDim);
              }
            });
  }

  /** Task t: all new positions of one row for one head. */
  private void attend(Context c, int layer, float[] qkv, int t, float[] attended) {
    Batch batch = c.batch();
    int row = t / heads;
    int head = t % heads;
    int g = head / (heads / kvHeads);
    int count = batch.count(row);
    if (count == 0) return;
    Kernels k = c.kernels();
    KvCache cache = c.cache();
    float[] keys = cache.keys(row, layer);
    float[] values = cache.values(row, layer);
    int headBase = cache.offset(row, g, 0);
    int width = layout.width();
    int outWidth = heads * headDim;
    for (int q0 = 0; q0 < count; q0 += QUERY_BLOCK) {
      int nq = Math.min(QUERY_BLOCK, count - q0);
      int first = batch.offset(row) + q0;
      int keysSeen = batch.start(row) + q0 + nq;
      float[] queries = Scratch.floats(Scratch.QUERIES, nq * headDim);
      for (int i = 0; i < nq; i++) {
        System.arraycopy(qkv, (first + i) * width + layout.q(head), queries, i * headDim, headDim);
      }
      float[] scores = Scratch.floats(Scratch.SCORES, nq * keysSeen);
      k.matmulPacked(keys, headBase, keysSeen, queries, 0, nq, headDim, scores, 0, keysSeen);
      for (int i = 0; i < nq; i++) {
        int len = keysSeen - nq + i + 1;
        int s = i * keysSeen;
        for (int j = 0; j < len; j++) scores[s + j] *= scale;
        k.softmax(scores, s, len);
        int o = (first + i) * outWidth + head * headDim;
        for (int j = 0; j < len; j++) {
          k.axpy(scores[s + j], values, headBase + j * headDim, attended, o, headDim);
        }
      }
    }
  }
}
