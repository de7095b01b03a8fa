package io.memtrace.model.blocks;

import io.memtrace.model.engine.Batch;
import io.memtrace.model.engine.KvCache;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.MatMul;
import io.memtrace.model.tensor.Parallel;

/** What every block needs during one forward pass: the tokens, the cache and the compute team. */
public record Context(Batch batch, KvCache cache, MatMul matmul) {
  public Kernels kernels() {
    return matmul.kernels();
  }

  public Parallel parallel() {
    return matmul.parallel();
  }

  /** Tokens in the pass. */
  public int n() {
    return batch.size();
  }
}
