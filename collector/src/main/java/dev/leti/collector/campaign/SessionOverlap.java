package dev.leti.collector.campaign;

import dev.leti.collector.ArchRef;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work a device worker moves off its critical path: while a session's runner measures, one background thread
 * commits the previous session and another exports the models of the next two sessions. Nothing about what is
 * written changes: each session is still one atomic batch, committed before its worker measures the session after
 * next (at most one commit is pending), and a crash loses at most a measured session that was not yet committed,
 * which a resume measures again.
 *
 * <p>On the host the background threads share the CPU with the runner. They work while a session's runner loads
 * its model, runs it the first time and warms up; when its measured runs start, exports are held at their next
 * checkpoint ({@link #holdForMeasuredRuns()}, one layer or file chunk at most) and the pending commit, short, is
 * waited for, so no measured run shares the CPU with them. A held export goes on in the next session's set-up.
 */
final class SessionOverlap implements AutoCloseable {
  /** Sessions ahead whose models are exported in the background: a held export has a whole session to finish. */
  static final int PREFETCH_DEPTH = 2;

  private final ExportCache exports;
  private final ExecutorService commitThread;
  private final ExecutorService exportThread;
  private final ExportHold hold = new ExportHold();
  /** Prefetched exports by space and id (an ArchRef's network supplier has no equality). */
  private final Map<List<String>, Future<ExportCache.Entry>> prefetched = new HashMap<>();
  private Future<?> commit;
  /** Commits handed to the commit thread and not finished yet (a queued one counts). */
  private final AtomicInteger pendingCommits = new AtomicInteger();

  /** @param background false: no prefetch, and each commit runs at once on the caller's thread (for comparison) */
  SessionOverlap(ExportCache exports, boolean background) {
    this.exports = exports;
    this.commitThread = background ? daemonThread("leti-session-commit") : null;
    this.exportThread = background ? daemonThread("leti-session-export") : null;
  }

  private static ExecutorService daemonThread(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The model of {@code arch}: its prefetched export when there is one, else exported now. */
  ExportCache.Entry model(ArchRef arch) throws IOException {
    Future<ExportCache.Entry> f = prefetched.remove(key(arch));
    return f != null ? await(f) : exports.get(arch.target(), ExportOptions.DEFAULT);
  }

  /** Starts exporting {@code arch}'s model in the background (an arch already cached costs a file check). */
  void prefetch(ArchRef arch) {
    if (exportThread == null || prefetched.containsKey(key(arch))) {
      return;
    }
    prefetched.put(key(arch), exportThread.submit(
        () -> hold.around(() -> exports.get(arch.target(), ExportOptions.DEFAULT, hold))));
  }

  private static List<String> key(ArchRef arch) {
    return List.of(arch.space(), arch.id());
  }

  /** Commits in the background after the previous commit; {@link #awaitCommit()} reports its failure. */
  void commitLater(IoAction commitAction) throws IOException {
    awaitCommit();
    if (commitThread == null) {
      commitAction.run();
      return;
    }
    pendingCommits.incrementAndGet();
    commit = commitThread.submit(() -> {
      try {
        commitAction.run();
        return null;
      } finally {
        pendingCommits.decrementAndGet();
      }
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

  /**
   * Holds the exports at their next checkpoint and waits for the commit thread, without failing for the commit
   * (its failure surfaces at {@link #awaitCommit()}); {@link #releaseExports()} lets the exports go on.
   */
  void holdForMeasuredRuns() throws InterruptedException {
    hold.hold();
    drain(commitThread);
  }

  void releaseExports() {
    hold.release();
  }

  /** Waits until everything handed to the background threads so far is done (exports must not be held). */
  void awaitIdle() throws InterruptedException {
    drain(commitThread);
    drain(exportThread);
  }

  /** Waits until the thread (if started) has run everything handed to it so far: an empty task queued last. */
  private static void drain(ExecutorService thread) throws InterruptedException {
    if (thread == null) {
      return;
    }
    try {
      thread.submit(() -> { }).get();
    } catch (ExecutionException e) {
      throw new AssertionError("an empty task cannot fail", e);
    }
  }

  /** Whether background work computes now: a commit pending or an export running and not held. */
  boolean busy() {
    return pendingCommits.get() > 0 || hold.computing();
  }

  @Override
  public void close() {
    hold.release();
    if (commitThread != null) {
      commitThread.shutdownNow();
      exportThread.shutdownNow();
    }
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

}
