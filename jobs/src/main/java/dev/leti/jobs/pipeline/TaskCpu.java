package dev.leti.jobs.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** Sums the CPU time of finished Spark tasks: steadier than wall time when other work shares the machine. */
public final class TaskCpu extends SparkListener {
  private final AtomicLong nanos = new AtomicLong();

  /** A meter listening to {@code spark}'s tasks from now on; {@link #detach} it when done. */
  public static TaskCpu attach(SparkSession spark) {
    TaskCpu cpu = new TaskCpu();
    spark.sparkContext().addSparkListener(cpu);
    return cpu;
  }

  public void detach(SparkSession spark) {
    spark.sparkContext().removeSparkListener(this);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskMetrics() != null) {
      nanos.addAndGet(end.taskMetrics().executorCpuTime());
    }
  }

  /** CPU seconds since the last call. Listener events arrive asynchronously: the bus is drained first. */
  public double take(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (Exception e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
    return nanos.getAndSet(0) / 1e9;
  }
}
