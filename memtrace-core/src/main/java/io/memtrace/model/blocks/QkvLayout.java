package io.memtrace.model.blocks;

/**
 * Where each head's query, key and value sit in a row of the projected (n, width) buffer, since
 * checkpoints lay them out differently: GPT-NeoX interleaves per head {@code [q k v]}, GPT-2 puts
 * all queries, then all keys, then all values, Llama projects them separately.
 */
public record QkvLayout(
    int width, int qBase, int qStride, int kBase, int kStride, int vBase, int vStride) {
  /** GPT-NeoX's fused projection: head h occupies {@code [h·3d, (h+1)·3d)} as q, k, v. */
  public static QkvLayout interleavedPerHead(int heads, int headDim) {
    return new QkvLayout(
        3 * heads * headDim, 0, 3 * headDim, headDim, 3 * headDim, 2 * headDim, 3 * headDim);
  }

  /**
   * All queries, then the keys, then the values (GPT-2's fused or Llama's separate projections).
   */
  public static QkvLayout concatenated(int heads, int kvHeads, int headDim) {
    int q = heads * headDim;
    int kv = kvHeads * headDim;
    return new QkvLayout(q + 2 * kv, 0, headDim, q, headDim, q + kv, headDim);
  }

  public int q(int head) {
    return qBase + head * qStride;
  }

  public int k(int kvHead) {
    return kBase + kvHead * kStride;
  }

  public int v(int kvHead) {
    return vBase + kvHead * vStride;
  }
}
