package dev.leti.collector.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.collector.ArchRef;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background thread of a device worker: real exports into a real cache, commits in order, failures surfaced. */
class SessionOverlapTest {
  @TempDir Path dir;

  @Test
  void aPrefetchedModelIsTheSameFileAnInlineExportWrites() throws Exception {
    ExportCache cache = new ExportCache(dir.resolve("models"));
    ArchRef arch = ArchRef.nb201(123);
    try (SessionOverlap overlap = new SessionOverlap(cache, true)) {
      overlap.prefetch(arch);
      ExportCache.Entry prefetched = overlap.model(arch);
      assertThat(prefetched.file()).isEqualTo(cache.file("nb201", "123", ExportOptions.DEFAULT)).isRegularFile();
      byte[] bytes = Files.readAllBytes(prefetched.file());
      Files.delete(prefetched.file());
      assertThat(overlap.model(arch).file()).as("no prefetch pending: exported inline").hasBinaryContent(bytes);
    }
  }

  @Test
  void exportsHeldForMeasuredRunsWriteNothingUntilReleasedThenTheSameFile() throws Exception {
    ExportCache cache = new ExportCache(dir.resolve("models"));
    ArchRef arch = ArchRef.nb201(77);
    Path file = cache.file("nb201", "77", ExportOptions.DEFAULT);
    try (SessionOverlap overlap = new SessionOverlap(cache, true)) {
      overlap.holdForMeasuredRuns();
      overlap.prefetch(arch);
      Thread.sleep(300);
      assertThat(file).as("held before it started").doesNotExist();
      assertThat(overlap.busy()).isFalse();
      overlap.releaseExports();
      assertThat(overlap.model(arch).file()).isEqualTo(file);
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      assertThat(overlap.model(arch).file()).as("exported inline").hasBinaryContent(bytes);
    }
  }

  @Test
  void modelsArePrefetchedSeveralSessionsAhead() throws Exception {
    ExportCache cache = new ExportCache(dir.resolve("models"));
    try (SessionOverlap overlap = new SessionOverlap(cache, true)) {
      overlap.prefetch(ArchRef.nb201(1));
      overlap.prefetch(ArchRef.nb201(2));
      overlap.awaitIdle();
      assertThat(cache.file("nb201", "1", ExportOptions.DEFAULT)).isRegularFile();
      assertThat(cache.file("nb201", "2", ExportOptions.DEFAULT)).isRegularFile();
      assertThat(overlap.model(ArchRef.nb201(2)).cached()).as("the prefetched export, not a cache hit").isFalse();
      assertThat(overlap.model(ArchRef.nb201(1)).cached()).isFalse();
    }
  }

  @Test
  void commitsRunInOrderOneAtATimeAndAFailureSurfacesAtTheNextWait() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (SessionOverlap overlap = new SessionOverlap(new ExportCache(dir), true)) {
      overlap.commitLater(() -> {
        await(release);
        done.add("device");
      });
      assertThat(overlap.busy()).isTrue();
      release.countDown();
      overlap.commitLater(() -> done.add("session 1")); // waits for the device row first
      assertThat(done).first().isEqualTo("device");
      overlap.commitLater(() -> {
        throw new IOException("disk full");
      });
      assertThatThrownBy(overlap::awaitCommit).isInstanceOf(IOException.class).hasMessage("disk full");
      overlap.awaitIdle();
      assertThat(overlap.busy()).isFalse();
      assertThat(done).containsExactly("device", "session 1");
    }
  }

  @Test
  void withoutBackgroundEveryCommitIsDoneWhenHandedOverAndNothingIsPrefetched() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    ExportCache cache = new ExportCache(dir.resolve("models"));
    try (SessionOverlap overlap = new SessionOverlap(cache, false)) {
      overlap.commitLater(() -> done.add("session"));
      assertThat(done).containsExactly("session");
      overlap.prefetch(ArchRef.nb201(5));
      assertThat(overlap.busy()).isFalse();
      assertThat(cache.file("nb201", "5", ExportOptions.DEFAULT)).doesNotExist();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("latch not released");
      }
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }
}
