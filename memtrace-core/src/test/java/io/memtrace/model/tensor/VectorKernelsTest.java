package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Needs {@code --add-modules jdk.incubator.vector}, which the build gives the tests. */
class VectorKernelsTest extends BaseKernelsTestCase {
  private static final VectorKernels KERNELS = new VectorKernels();

  @Override
  protected Kernels kernels() {
    return KERNELS;
  }

  @Test
  void theVectorKernelsArePreferredWhenTheirModuleIsPresent() {
    assertThat(Kernels.get().name()).startsWith("vector-");
  }

  @Test
  void panelsAreThreeVectorsWith32RegistersAndTwoWith16() {
    int bits = Integer.parseInt(KERNELS.name().substring("vector-".length()));
    int vectors = bits >= 512 ? 3 : 2;
    assertThat(KERNELS.rowBlock()).isEqualTo(vectors * bits / Float.SIZE);
  }

  /** The tiles for 16 registers, whatever this machine has. */
  @Nested
  class TwoVectors extends BaseKernelsTestCase {
    private final Kernels kernels = new VectorKernels(new TwoVectorTiles());

    @Override
    protected Kernels kernels() {
      return kernels;
    }
  }

  /** The tiles for 32 registers, whatever this machine has. */
  @Nested
  class ThreeVectors extends BaseKernelsTestCase {
    private final Kernels kernels = new VectorKernels(new ThreeVectorTiles());

    @Override
    protected Kernels kernels() {
      return kernels;
    }
  }
}
