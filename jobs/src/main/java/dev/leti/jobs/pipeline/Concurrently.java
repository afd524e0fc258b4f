package dev.leti.jobs.pipeline;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A driver step (collects, small jobs, building a broadcast) started on its own thread, so that independent steps
 * overlap: while one waits for its Spark job or works on the driver, another's tasks use the cores. Each step gets
 * a new thread, which inherits the caller's Spark local properties (its job group) as they are when it starts.
 */
final class Concurrently<T> {
  private final FutureTask<T> task;

  private Concurrently(String name, Callable<T> step) {
    this.task = new FutureTask<>(step);
    Thread thread = new Thread(task, "leti " + name);
    thread.setDaemon(true);
    thread.start();
  }

  static <T> Concurrently<T> start(String name, Callable<T> step) {
    return new Concurrently<>(name, step);
  }

  /** The step's result; its failure is rethrown as it was (checked exceptions wrapped). */
  T join() {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a pipeline step", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
