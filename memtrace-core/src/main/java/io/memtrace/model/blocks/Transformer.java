package io.memtrace.model.blocks;

import io.memtrace.model.engine.Batch;
import io.memtrace.model.engine.HiddenStateSink;
import io.memtrace.model.tensor.Matrix;
import java.util.BitSet;
import java.util.List;

/**
 * A decoder-only transformer assembled from shared blocks: token embedding (plus learned positions
 * for GPT-2), the blocks, a final norm and the output projection. Each architecture only says which
 * weights fill which block.
 */
public final class Transformer {
  private final Matrix tokenEmbedding; // (vocab, dim)
  private final Matrix positionEmbedding; // (positions, dim), null with rotary embeddings
  private final List<Block> blocks;
  private final Norm finalNorm;
  private final Matrix outputProjection; // (vocab, dim)

  public Transformer(
      Matrix tokenEmbedding,
      Matrix positionEmbedding,
      List<Block> blocks,
      Norm finalNorm,
      Matrix outputProjection) {
    this.tokenEmbedding = tokenEmbedding;
    this.positionEmbedding = positionEmbedding;
    this.blocks = List.copyOf(blocks);
    this.finalNorm = finalNorm;
    this.outputProjection = outputProjection;
  }

  public int dim() {
    return tokenEmbedding.cols();
  }

  public int vocab() {
    return outputProjection.rows();
  }

  public int layers() {
    return blocks.size();
  }

  /** (vocab, dim): the logits of a hidden state h are {@code outputProjection · h}. */
  public Matrix outputProjection() {
    return outputProjection;
  }

  /** Positions the learned position embedding covers; unlimited with rotary embeddings. */
  public int maxPositions() {
    return positionEmbedding == null ? Integer.MAX_VALUE : positionEmbedding.rows();
  }

  /**
   * Runs the batch's tokens through the model, appending their keys and values to the cache, and
   * returns the final norm's output (n, dim). Hidden states of the layers in {@code layers} go to
   * {@code sink}.
   */
  public float[] forward(Context c, HiddenStateSink sink, BitSet layers) {
    Batch batch = c.batch();
    int n = batch.size();
    int dim = dim();
    float[] x = new float[n * dim];
    c.parallel()
        .forEach(
            n,
            i -> {
              tokenEmbedding.decodeRows(batch.token(i), 1, x, i * dim);
              if (positionEmbedding != null) {
                float[] p = new float[dim];
                positionEmbedding.decodeRows(batch.position(i), 1, p, 0);
                for (int d = 0; d < dim; d++) x[i * dim + d] += p[d];
              }
            });
    emit(batch, sink, layers, 0, x);
    for (int l = 0; l < blocks.size(); l++) {
      blocks.get(l).forward(c, l, x);
      emit(batch, sink, layers, l + 1, x);
    }
    float[] out = new float[x.length];
    finalNorm.applyRows(c.parallel(), x, n, out);
    emit(batch, sink, layers, blocks.size() + 1, out);
    return out;
  }

  private void emit(Batch batch, HiddenStateSink sink, BitSet layers, int layer, float[] x) {
    if (!layers.get(layer)) return;
    int dim = dim();
    for (int i = 0; i < batch.size(); i++) {
      sink.accept(batch.rowOf(i), batch.position(i), layer, x, i * dim, dim);
    }
  }
}
