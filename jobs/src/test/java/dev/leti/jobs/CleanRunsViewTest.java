package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.pipeline.CleanRunsView;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.RawInputs;
import dev.leti.jobs.pipeline.ValidateJob;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leti.clean_runs} is a view over the raw runs and the run flags the pipeline stores per session: it must
 * hold exactly the runs a straightforward judging keeps (the Dataset form, {@link ValidateJob#validate}), with the
 * same flags, whether a session's flags are bit sets by run index or a list (a quarantined duplicate shares a
 * clean run's index; a huge run index), and leave out batches the pipeline has not judged yet.
 */
class CleanRunsViewTest {
  private static final String HEADER = "device_id,arch_index,session_id,run_index,warmup,latency_ms,started_at_ms\n";
  private final SparkSession spark = SharedSpark.session();

  private static String run(String device, int arch, String session, int index, double latency) {
    return device + "," + arch + "," + session + "," + index + "," + (index == 0 ? 1 : 0) + "," + latency + ","
        + (1000 + index) + "\n";
  }

  private static String session(String device, int arch, String session, int from, int to, double base) {
    StringBuilder csv = new StringBuilder();
    for (int i = from; i < to; i++) {
      csv.append(run(device, arch, session, i, base + i * 0.01));
    }
    return csv.toString();
  }

  @Test
  void theViewHoldsExactlyTheCleanRunsWithTheirFlags(@TempDir Path dir) throws Exception {
    Lake lake = PhoneRuns.imported(spark, dir, HEADER
        + session("phone", 0, "s0", 0, 5, 10.0) + run("phone", 0, "s0", 5, 50.0) // an outlier
        + session("phone", 0, "s0", 6, 10, 10.0)
        + session("phone", 1, "s1", 0, 8, 20.0) + run("phone", 1, "s1", 3, 99.0) // duplicate of a clean run
        + session("phone", 2, "s2", 0, 6, 30.0) + session("phone", 2, "s2", 70_000, 70_003, 30.0 - 700) // huge index
        + session("ghost", 3, "s3", 0, 6, 40.0) // unknown device: nothing of it is clean
        + session("phone", 4, "s4", 0, 6, 50.0) + run("phone", 4, "s4", -1, 50.0)); // bad run index

    PipelineJob.Result r = new PipelineJob(lake).until(PipelineJob.Stage.CLEAN).run(spark);

    assertThat(r.count("quarantined")).as("duplicate, 6 unknown device, bad index").isEqualTo(8);
    assertThat(r.count("outliers")).isEqualTo(1);
    assertSameAsStraightforward(lake, r);
    Row outlier = spark.table("leti.clean_runs").where("session_id = 's0' AND run_index = 5").first();
    assertThat(outlier.<Boolean>getAs("is_outlier")).isTrue();
    assertThat(outlier.<Boolean>getAs("used")).isFalse();
    Dataset<Row> flags = spark.table("leti." + CleanRunsView.RUN_FLAGS);
    assertThat(flags.where("kept_runs IS NOT NULL").select("session_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).as("sessions whose run index alone does not name the clean run").containsExactlyInAnyOrder(
            "s1", "s2");
    assertThat(flags.where("session_id = 's0'").first().<Object>getAs("valid_bits")).isNotNull();
    assertThat(flags.where("session_id = 's3'").count()).isZero();

    // a second batch: run 10 of s0 is new, its run 2 a duplicate; not in the view until the pipeline judges it
    Path second = dir.resolve("second.csv");
    Files.writeString(second, HEADER + run("phone", 0, "s0", 10, 10.1) + run("phone", 0, "s0", 2, 99.0));
    new ImportRunsJob(lake).runs(second.toString()).run(spark);
    assertThat(spark.table("leti.raw_runs").count()).isEqualTo(r.count("rows_in") + 2);
    assertThat(spark.table("leti.clean_runs").count()).isEqualTo(r.count("clean") + r.count("outliers"));

    PipelineJob.Result again = new PipelineJob(lake).until(PipelineJob.Stage.CLEAN).run(spark);
    assertThat(again.count("clean")).isEqualTo(r.count("clean") + 1);
    assertThat(again.count("quarantined")).isEqualTo(r.count("quarantined") + 1);
    assertSameAsStraightforward(lake, again);
    assertThat(spark.table("leti.clean_runs").where("session_id = 's0' AND run_index = 2").count()).isEqualTo(1);
  }

  @Test
  void thePassReadingColumnBatchesQuarantinesEmptyFieldsAsTheDatasetFormDoes(@TempDir Path dir) throws Exception {
    // empty fields among full ones in one batch: the pass asks a row for nulls only where its batch has some
    Lake lake = PhoneRuns.imported(spark, dir, HEADER
        + session("phone", 0, "s0", 0, 6, 10.0)
        + "phone,0,s0,6,0,,1006\n" // no latency
        + "phone,0,s0,,0,10.07,1007\n" // no run index
        + "phone,0,s0,8,0,10.08,\n" // no start
        + "phone,,s1,0,0,20.0,1000\n" // no arch
        + ",1,s1,1,0,20.0,1001\n" // no device
        + "phone,1,,2,0,20.0,1002\n" // no session
        + "phone,0,s0,9,0,abc,1009\n" // unreadable
        + session("phone", 1, "s1", 3, 9, 20.0));

    PipelineJob.Result r = new PipelineJob(lake).until(PipelineJob.Stage.CLEAN).run(spark);

    RawInputs raw = new RawInputs(spark, lake);
    Dataset<Row> archs = spark.read().parquet(lake.spaceFeatures("nb201")).select("arch_space", "arch_id");
    Dataset<Row> expected = ValidateJob.validate(raw.runs(), raw.sessions(), raw.devices(), archs).quarantine()
        .select("source_line", "reason", "detail");
    Dataset<Row> quarantine = spark.table("leti.quarantine").select("source_line", "reason", "detail");
    assertThat(r.count("quarantined")).isEqualTo(7);
    assertThat(quarantine.where("reason = 'missing_field'").count()).isEqualTo(6);
    assertThat(quarantine.collectAsList()).containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertSameAsStraightforward(lake, r);
  }

  /** The view's rows equal the clean runs of the Dataset form of validation and cleaning, flags included. */
  private void assertSameAsStraightforward(Lake lake, PipelineJob.Result r) throws Exception {
    RawInputs raw = new RawInputs(spark, lake);
    Dataset<Row> archs = spark.read().parquet(lake.spaceFeatures("nb201")).select("arch_space", "arch_id");
    Dataset<Row> expected = ValidateJob.validate(raw.runs(), raw.sessions(), raw.devices(), archs).all()
        .where("reason IS NULL").drop("reason", "detail");
    Dataset<Row> view = spark.table("leti.clean_runs");
    assertThat(view.columns()).containsExactly(CleanRunsView.columns().toArray(String[]::new));
    assertThat(List.of(view.columns()).subList(0, RawSchemas.RUNS.size()))
        .isEqualTo(List.of(RawSchemas.RUNS.fieldNames()));
    assertThat(view.count()).isEqualTo(r.count("clean") + r.count("outliers"));
    Dataset<Row> ordered = expected.selectExpr(view.columns());
    assertThat(ordered.count()).isEqualTo(view.count());
    assertThat(ordered.exceptAll(view).collectAsList()).as("judged clean, missing from the view").isEmpty();
    assertThat(view.exceptAll(ordered).collectAsList()).as("in the view, not judged clean").isEmpty();
  }
}
