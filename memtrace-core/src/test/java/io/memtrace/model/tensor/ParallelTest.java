package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyIndexRunsOnceInManyLoopsInARow() {
    try (Parallel team = new Parallel(3)) {
      for (int loop = 0; loop < 2_000; loop++) {
        int count = loop % 37;
        AtomicIntegerArray visits = new AtomicIntegerArray(count);
        team.forEach(count, visits::incrementAndGet);
        for (int i = 0; i < count; i++) assertThat(visits.get(i)).as("loop %d", loop).isEqualTo(1);
      }
    }
  }

  @Test
  void aLoopsWritesAreSeenWhenItReturns() throws InterruptedException {
    try (Parallel team = new Parallel(2)) {
      long[] cells = new long[64];
      for (int loop = 1; loop <= 500; loop++) {
        int value = loop;
        team.forEach(cells.length, i -> cells[i] = value);
        for (long cell : cells) assertThat(cell).isEqualTo(loop);
        if (loop % 100 == 0) Thread.sleep(1); // past the spin: helpers park and are woken
      }
    }
  }

  @Test
  void aFailureReachesTheCallerAndTheTeamGoesOn() {
    try (Parallel team = new Parallel(2)) {
      assertThatThrownBy(
              () ->
                  team.forEach(
                      100,
                      i -> {
                        if (i == 57) throw new IllegalArgumentException("index " + i);
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("index 57");
      AtomicLong sum = new AtomicLong();
      team.forEach(100, sum::addAndGet);
      assertThat(sum.get()).isEqualTo(99 * 100 / 2);
    }
  }

  @Test
  void loopsFromSeveralThreadsRunOneAfterTheOther() throws InterruptedException {
    try (Parallel team = new Parallel(2)) {
      AtomicLong sum = new AtomicLong();
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        callers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int loop = 0; loop < 300; loop++) team.forEach(10, sum::addAndGet);
                    }));
      }
      for (Thread t : callers) t.join();
      assertThat(sum.get()).isEqualTo(4L * 300 * 45);
    }
  }
}
