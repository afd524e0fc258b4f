package dev.leti.collector.campaign;

import dev.leti.features.export.ExportCheckpoint;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds background exports at their next checkpoint while measured runs compute on the collector's own CPU (the
 * host), instead of holding the runner until the export is done: the held export resumes in the next session's
 * set-up and warm-ups, and is needed only a session later (exports are prefetched two sessions ahead).
 */
final class ExportHold implements ExportCheckpoint {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean held;
  /** An export is running on the export thread (started, not yet returned). */
  private boolean exporting;
  /** That export waits at a checkpoint. */
  private boolean parked;

  /** Runs an export; it starts only while not held, so that {@link #hold()} knows whether one is computing. */
  <T> T around(Step<T> export) throws java.io.IOException {
    lock.lock();
    try {
      waitWhileHeld();
      exporting = true;
    } finally {
      lock.unlock();
    }
    try {
      return export.run();
    } finally {
      lock.lock();
      try {
        exporting = false;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void reached() {
    lock.lock();
    try {
      waitWhileHeld();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: waits, marked as parked, until released. */
  private void waitWhileHeld() {
    while (held) {
      parked = true;
      changed.signalAll();
      try {
        changed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down: let the export end (its file I/O will fail)
        break;
      }
    }
    parked = false;
  }

  /** Stops exports at their next checkpoint and returns once none is computing (one step at most). */
  void hold() throws InterruptedException {
    lock.lock();
    try {
      held = true;
      while (exporting && !parked) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Lets held exports go on. */
  void release() {
    lock.lock();
    try {
      held = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether an export is computing now (running and not held at a checkpoint). */
  boolean computing() {
    lock.lock();
    try {
      return exporting && !parked;
    } finally {
      lock.unlock();
    }
  }

  /** An export. */
  interface Step<T> {
    T run() throws java.io.IOException;
  }
}
