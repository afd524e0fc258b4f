package dev.leti.jobs.bench;

import dev.leti.lake.Lake;
import dev.leti.jobs.pipeline.Percentiles;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.SpaceFeatures;
import dev.leti.jobs.pipeline.TaskCpu;
import dev.leti.jobs.pipeline.TrainingSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Times the pipeline against the floor of a plain full scan of the same raw Parquet, in the same run: the scan
 * reads every column of every raw run (written to Spark's no-op sink), the pipeline validates, cleans, aggregates
 * and joins features. The ratio pipeline / scan is the figure of merit; a plain copy of the raw runs (read and
 * written as Parquet, the least any pipeline that writes the clean runs must do) is timed beside it, and so is a
 * full read of the training set, which is a join the readers pay, not a table the pipeline writes.
 *
 * <p>The first pipeline run is the figure of merit: a nightly run starts a fresh JVM, so it pays HotSpot's
 * compilation, which on two cores competes with the tasks. Repeats (scan, then pipeline, in the same JVM) show the
 * same work compiled: what is left of the ratio when the compiler is done.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void run(SparkSession spark, Lake lake, String runsCsv, String sessionsCsv, String devicesJson,
      long targetRuns, int repeats, PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    RunsGenerator.Generated g = RunsGenerator.generate(spark, lake, runsCsv, sessionsCsv, devicesJson, targetRuns);
    out.printf(Locale.ROOT, "generated %,d runs in %,d sessions (%d copies of the source) in %.1f s%n", g.runs(),
        g.sessions(), g.copies(), seconds(t0));
    out.flush();

    // the space's features are computed once per lake (NB-101: about 15 CPU s), not once per pipeline run
    t0 = System.nanoTime();
    SpaceFeatures.ensure(spark, lake, "nb101");
    out.printf(Locale.ROOT, "NB-101 space features ready (computed once per lake) in %.1f s%n", seconds(t0));
    TaskCpu cpu = TaskCpu.attach(spark);
    double process = processCpu();
    double scanBefore = scan(spark, lake);
    double scanCpu = cpu.take(spark);
    double scanProcess = processCpu() - process;
    process = processCpu();
    PipelineJob.Result result = new PipelineJob(lake).run(spark);
    double pipelineCpu = cpu.take(spark);
    double pipelineProcess = processCpu() - process;
    process = processCpu();
    double scanAfter = scan(spark, lake);
    scanCpu = Math.min(scanCpu, cpu.take(spark));
    scanProcess = Math.min(scanProcess, processCpu() - process);
    double copy = copy(spark, lake);
    double copyCpu = cpu.take(spark);
    long t = System.nanoTime();
    TrainingSet.read(spark, lake, "nb101").write().format("noop").mode(SaveMode.Overwrite).save();
    double readTrainingSet = seconds(t);
    cpu.detach(spark);
    double scan = Math.min(scanBefore, scanAfter);
    out.printf(Locale.ROOT, "scan (all columns, no-op sink): %.2f s and %.2f s -> floor %.2f s, %,.0f rows/s%n",
        scanBefore, scanAfter, scan, g.runs() / scan);
    out.printf(Locale.ROOT, "copy (scan + Parquet write of every run, no work): %.2f s, %,.0f rows/s, %.2f x the"
        + " scan%n", copy, g.runs() / copy, copy / scan);
    out.printf(Locale.ROOT, "training set read (the join of medians and features, every column, no-op sink; what a"
        + " job reading it pays, not in the pipeline figure): %.2f s%n", readTrainingSet);
    double pipeline = result.totalSeconds();
    for (Map.Entry<String, Double> stage : result.seconds().entrySet()) {
      out.printf(Locale.ROOT, "  %-28s %7.2f s  %,12.0f rows/s  %6.2f CPU s%n", stage.getKey(), stage.getValue(),
          g.runs() / stage.getValue(), result.cpuSeconds().get(stage.getKey()));
    }
    out.printf(Locale.ROOT, "pipeline validate -> clean -> medians -> training set: %.2f s, %,.0f rows/s,"
        + " ratio pipeline/scan = %.2f (goal <= 3), pipeline/copy = %.2f%n", pipeline, g.runs() / pipeline,
        pipeline / scan, pipeline / copy);
    out.printf(Locale.ROOT, "CPU seconds in Spark tasks (steadier than wall time on a shared machine): scan %.2f,"
        + " copy %.2f, pipeline %.2f -> pipeline/scan = %.2f%n", scanCpu, copyCpu,
        pipelineCpu, pipelineCpu / scanCpu);
    out.printf(Locale.ROOT, "CPU seconds of the whole process (the JIT compiler, GC and driver included): scan %.2f,"
        + " pipeline %.2f (with the metastore registration) -> pipeline/scan = %.2f%n", scanProcess, pipelineProcess,
        pipelineProcess / scanProcess);
    out.printf(Locale.ROOT, "reconciled=%s rows_in=%,d quarantined=%,d outliers=%,d medians=%,d session passes=%d"
        + " (sessions shuffled %,d)%n", result.reconciled(), result.count("rows_in"), result.count("quarantined"),
        result.count("outliers"), result.count("medians"), result.count("session_passes"),
        result.count("sessions_shuffled"));
    out.flush();
    if (repeats > 1) {
      repeat(spark, lake, repeats - 1, out);
    }
  }

  /** Scan and pipeline again, alternately, in this JVM: the ratio of compiled code. */
  private static void repeat(SparkSession spark, Lake lake, int times, PrintWriter out) throws IOException {
    double[] scans = new double[times];
    double[] pipelines = new double[times];
    for (int i = 0; i < times; i++) {
      scans[i] = scan(spark, lake);
      pipelines[i] = new PipelineJob(lake).run(spark).totalSeconds();
      out.printf(Locale.ROOT, "repeat %d (compiled): scan %.2f s, pipeline %.2f s, ratio %.2f%n", i + 1, scans[i],
          pipelines[i], pipelines[i] / scans[i]);
      out.flush();
    }
    // the machine's other load only ever slows a run down: the fastest of each is the least disturbed
    double scan = java.util.Arrays.stream(scans).min().getAsDouble();
    double pipeline = java.util.Arrays.stream(pipelines).min().getAsDouble();
    out.printf(Locale.ROOT, "repeats: fastest scan %.2f s, fastest pipeline %.2f s, ratio %.2f; medians %.2f s and"
        + " %.2f s, ratio %.2f%n", scan, pipeline, pipeline / scan, Percentiles.median(scans),
        Percentiles.median(pipelines), Percentiles.median(pipelines) / Percentiles.median(scans));
  }

  private static double scan(SparkSession spark, Lake lake) {
    long t = System.nanoTime();
    spark.read().parquet(lake.rawRuns()).write().format("noop").mode(SaveMode.Overwrite).save();
    return seconds(t);
  }

  /** The clean runs are a copy of the raw runs with flags: reading and writing them once is the floor of any design. */
  private static double copy(SparkSession spark, Lake lake) throws IOException {
    String target = lake.path("tmp/bench-copy");
    long t = System.nanoTime();
    spark.read().parquet(lake.rawRuns()).write().mode(SaveMode.Overwrite).parquet(target);
    double s = seconds(t);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
    path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    return s;
  }

  /** CPU seconds of this JVM so far, every thread. */
  private static double processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
