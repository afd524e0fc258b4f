package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Medians joined with the features of their archs: one row per (device, arch), ready for MLlib. */
public final class TrainingSet {
  /** Runs the whole pipeline, training sets last. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("training set", args, PipelineJob.Stage.TRAINING_SET);
  }

  private TrainingSet() {}

  public static Dataset<Row> of(Dataset<Row> medians, Dataset<Row> archFeatures) {
    return medians.join(archFeatures, new String[] {ARCH_SPACE, ARCH_ID});
  }
}
