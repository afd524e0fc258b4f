package dev.leti.collector.campaign;

import dev.leti.collector.ArchRef;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work a device worker moves off its critical path: while a session's runner measures, one background thread
 * commits the previous session and exports the next session's model. Nothing about what is written changes:
 * each session is still one atomic batch, committed before its worker measures the session after next (at most
 * one commit is pending), and a crash loses at most a measured session that was not yet committed, which a resume
 * measures again.
 *
 * <p>On the host the background thread shares the CPU with the runner. It starts when a session starts, so it
 * mostly overlaps the runner's model load, first inference and warm-up runs; when it is not done by the time the
 * measured runs would start, the worker holds the runner there ({@link #awaitIdle()}), outside any timed call.
 */
final class SessionOverlap implements AutoCloseable {
  private final ExportCache exports;
  private final ExecutorService thread;
  private ArchRef prefetchedArch;
  private Future<ExportCache.Entry> prefetched;
  private Future<?> commit;
  /** Tasks handed to the background thread and not finished yet (queued ones count). */
  private final AtomicInteger pending = new AtomicInteger();

  /** @param background false: no prefetch, and each commit runs at once on the caller's thread (for comparison) */
  SessionOverlap(ExportCache exports, boolean background) {
    this.exports = exports;
    this.thread = background ? Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "leti-session-overlap");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** The model of {@code arch}: the prefetched export when there is one, else exported now. */
  ExportCache.Entry model(ArchRef arch) throws IOException {
    if (arch.equals(prefetchedArch)) {
      Future<ExportCache.Entry> f = prefetched;
      prefetchedArch = null;
      prefetched = null;
      return await(f);
    }
    return export(arch);
  }

  /** Starts exporting {@code arch}'s model in the background (an arch already cached costs a file check). */
  void prefetch(ArchRef arch) {
    if (thread == null || arch.equals(prefetchedArch)) {
      return;
    }
    prefetchedArch = arch;
    prefetched = submit(() -> export(arch));
  }

  /** Commits in the background after the previous commit; {@link #awaitCommit()} reports its failure. */
  void commitLater(IoAction commitAction) throws IOException {
    awaitCommit();
    if (thread == null) {
      commitAction.run();
      return;
    }
    commit = submit(() -> {
      commitAction.run();
      return null;
    });
  }

  /** Waits for the pending commit; its IOException is thrown here. */
  void awaitCommit() throws IOException {
    if (commit != null) {
      Future<?> f = commit;
      commit = null;
      await(f);
    }
  }

  /** Waits until everything handed to the background thread so far is done. */
  void awaitIdle() throws InterruptedException {
    if (thread != null) {
      try {
        thread.submit(() -> { }).get();
      } catch (ExecutionException e) {
        throw new AssertionError("an empty task cannot fail", e);
      }
    }
  }

  /** Whether the background thread is working now. */
  boolean busy() {
    return pending.get() > 0;
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }

  private ExportCache.Entry export(ArchRef arch) throws IOException {
    return exports.get(arch.target(), ExportOptions.DEFAULT);
  }

  private <T> Future<T> submit(IoCall<T> call) {
    pending.incrementAndGet();
    return thread.submit(() -> {
      try {
        return call.call();
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for background work", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new UncheckedIOException(new IOException(c));
    }
  }

  /** An action that may fail with an IOException. */
  interface IoAction {
    void run() throws IOException;
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }
}
