package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;

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
  void panelsAreTwoVectorsOfTheMachinesWidth() {
    int bits = Integer.parseInt(KERNELS.name().substring("vector-".length()));
    assertThat(KERNELS.rowBlock()).isEqualTo(2 * bits / Float.SIZE);
  }
}
