package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalarKernelsTest extends BaseKernelsTestCase {
  @Override
  protected Kernels kernels() {
    return ScalarKernels.INSTANCE;
  }

  @Test
  void isTheScalarFallbackAndPacksRowByRow() {
    assertThat(Kernels.scalar()).isSameAs(ScalarKernels.INSTANCE);
    assertThat(ScalarKernels.INSTANCE.name()).isEqualTo("scalar");
    assertThat(ScalarKernels.INSTANCE.rowBlock()).isEqualTo(1);
  }
}
