package dev.leti.jobs.bench;

import dev.leti.lake.Lake;
import dev.leti.jobs.pipeline.PipelineJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Times the pipeline against the floor of a plain full scan of the same raw Parquet, in the same run: the scan
 * reads every column of every raw run (written to Spark's no-op sink), the pipeline validates, cleans, aggregates
 * and joins features. The ratio pipeline / scan is the figure of merit.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void run(SparkSession spark, Lake lake, String runsCsv, String sessionsCsv, String devicesJson,
      long targetRuns, PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    RunsGenerator.Generated g = RunsGenerator.generate(spark, lake, runsCsv, sessionsCsv, devicesJson, targetRuns);
    out.printf(Locale.ROOT, "generated %,d runs in %,d sessions (%d copies of the source) in %.1f s%n", g.runs(),
        g.sessions(), g.copies(), seconds(t0));
    out.flush();

    double scanBefore = scan(spark, lake);
    PipelineJob.Result result = new PipelineJob(lake).run(spark);
    double scanAfter = scan(spark, lake);
    double scan = Math.min(scanBefore, scanAfter);
    out.printf(Locale.ROOT, "scan (all columns, no-op sink): %.2f s and %.2f s -> floor %.2f s, %,.0f rows/s%n",
        scanBefore, scanAfter, scan, g.runs() / scan);
    double pipeline = 0;
    for (Map.Entry<String, Double> stage : result.seconds().entrySet()) {
      boolean counted = !stage.getKey().equals("space_features") && !stage.getKey().equals("counts");
      if (counted) {
        pipeline += stage.getValue();
      }
      out.printf(Locale.ROOT, "  %-28s %7.2f s  %,12.0f rows/s%s%n", stage.getKey(), stage.getValue(),
          g.runs() / stage.getValue(), counted ? "" : "  (not in the pipeline figure)");
    }
    out.printf(Locale.ROOT, "pipeline validate -> clean -> medians -> training set: %.2f s, %,.0f rows/s,"
        + " ratio pipeline/scan = %.2f (goal <= 3)%n", pipeline, g.runs() / pipeline, pipeline / scan);
    out.printf(Locale.ROOT, "reconciled=%s rows_in=%,d quarantined=%,d outliers=%,d medians=%,d%n",
        result.reconciled(), result.count("rows_in"), result.count("quarantined"), result.count("outliers"),
        result.count("medians"));
    out.flush();
  }

  private static double scan(SparkSession spark, Lake lake) {
    long t = System.nanoTime();
    spark.read().parquet(lake.rawRuns()).write().format("noop").mode(SaveMode.Overwrite).save();
    return seconds(t);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
