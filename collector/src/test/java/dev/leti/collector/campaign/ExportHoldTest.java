package dev.leti.collector.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExportHoldTest {
  @Test
  void aHoldStopsARunningExportAtItsNextCheckpointUntilReleased() throws Exception {
    ExportHold hold = new ExportHold();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      AtomicInteger steps = new AtomicInteger();
      Future<Integer> export = thread.submit(() -> hold.around(() -> {
        started.countDown();
        for (int i = 0; i < 200; i++) {
          hold.reached();
          steps.incrementAndGet();
          sleep(1);
        }
        return steps.get();
      }));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(hold.computing()).isTrue();

      hold.hold(); // returns once the export waits at a checkpoint
      int reached = steps.get();
      assertThat(hold.computing()).isFalse();
      sleep(100);
      assertThat(steps).as("no step while held").hasValue(reached);
      assertThat(export).isNotDone();

      hold.release();
      assertThat(export.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(hold.computing()).isFalse();
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void anExportHandedOverWhileHeldDoesNotStartBeforeTheRelease() throws Exception {
    ExportHold hold = new ExportHold();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      hold.hold();
      AtomicInteger ran = new AtomicInteger();
      Future<Integer> export = thread.submit(() -> hold.around(ran::incrementAndGet));
      sleep(100);
      assertThat(ran).hasValue(0);
      assertThat(hold.computing()).isFalse();
      hold.release();
      assertThat(export.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      thread.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
