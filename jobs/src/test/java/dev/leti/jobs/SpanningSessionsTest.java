package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline judges sessions where their runs are read; a session whose runs lie in two input partitions (here:
 * re-measured in a second import) or apart in one must still be judged whole: the pass finds it, and the runs are
 * judged again, grouped by session (the session's runs alone shuffled, or the partition sorted).
 */
class SpanningSessionsTest {
  private static final String HEADER = PhoneRuns.HEADER;
  private final SparkSession spark = SharedSpark.session();

  @Test
  void aSessionSplitAcrossBatchesIsJudgedWhole(@TempDir Path dir) throws Exception {
    // s1 goes on in a second file, which also repeats its run 2: the first batch's run 2 wins
    Lake lake = PhoneRuns.imported(spark, dir,
        HEADER + PhoneRuns.session("s0", 0, 0, 8, 10.0) + PhoneRuns.session("s1", 1, 0, 4, 20.0),
        HEADER + PhoneRuns.session("s1", 1, 4, 8, 20.0) + "phone,1,s1,2,0,99.0,1002\n");

    // one input partition per file, so that s1 is read in two places
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", String.valueOf(1L << 40));
    PipelineJob.Result r;
    try {
      r = new PipelineJob(lake).until(PipelineJob.Stage.MEDIANS).run(spark);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
    }

    assertThat(r.count("session_passes")).as("the first, as the rows came, judged s1 in two pieces").isEqualTo(2);
    assertThat(r.count("sessions_shuffled")).as("s1 spans the two files").isEqualTo(1);
    assertThat(r.count("sorted_by_session")).as("each file holds its sessions' runs together").isZero();
    assertThat(r.count("rows_in")).isEqualTo(17);
    assertThat(r.count("sessions")).isEqualTo(2);
    List<Row> quarantined = spark.read().parquet(lake.quarantine()).collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getAs("reason")).isEqualTo("duplicate_run");
    assertThat(quarantined.get(0).<String>getAs("source")).as("the second file").endsWith("runs-1.csv");
    Row s1 = spark.read().parquet(lake.sessions()).where("session_id = 's1'").first();
    assertThat(s1.<Long>getAs("runs")).isEqualTo(8);
    assertThat(s1.<Long>getAs("warmup_runs")).isEqualTo(1);
    // measured runs 20.01 .. 20.07, from both files
    assertThat(s1.<Double>getAs("session_median_ms")).isCloseTo(20.04, org.assertj.core.data.Offset.offset(1e-9));
    Row median = spark.read().parquet(lake.latencyMedians()).where("arch_id = '1'").first();
    assertThat(median.<Long>getAs("runs_used")).isEqualTo(7);
    assertThat(median.<Double>getAs("p10_ms")).isCloseTo(20.016, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aFileReadInPiecesIsJudgedGroupedBySessionAtOnce(@TempDir Path dir) throws Exception {
    Lake lake = PhoneRuns.imported(spark, dir,
        HEADER + PhoneRuns.session("s0", 0, 0, 8, 10.0) + PhoneRuns.session("s1", 1, 0, 8, 20.0));

    // Spark cuts the file into 1 KB pieces: a session could be cut with it, so no pass takes the rows as they come
    String maxBytes = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "1024");
    PipelineJob.Result r;
    try {
      r = new PipelineJob(lake).until(PipelineJob.Stage.CLEAN).run(spark);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxBytes);
    }

    assertThat(r.count("session_passes")).isEqualTo(1);
    assertThat(r.count("rows_in")).isEqualTo(16);
    assertThat(r.count("sessions")).isEqualTo(2);
    for (Row s : spark.read().parquet(lake.sessions()).collectAsList()) {
      assertThat(s.<Long>getAs("runs")).as(s.<String>getAs("session_id")).isEqualTo(8);
    }
  }

  @Test
  void sessionsInterleavedInOneFileAreSortedThenJudgedWhole(@TempDir Path dir) throws Exception {
    String[] s0 = PhoneRuns.session("s0", 0, 0, 8, 10.0).split("\n");
    String[] s1 = PhoneRuns.session("s1", 1, 0, 8, 20.0).split("\n");
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < s0.length; i++) {
      csv.append(s0[i]).append('\n').append(s1[i]).append('\n');
    }
    Lake lake = PhoneRuns.imported(spark, dir, csv.toString());

    PipelineJob.Result r = new PipelineJob(lake).until(PipelineJob.Stage.CLEAN).run(spark);

    assertThat(r.count("session_passes")).isEqualTo(2);
    assertThat(r.count("sorted_by_session")).as("s0 and s1 alternate line by line").isEqualTo(1);
    assertThat(r.count("sessions_shuffled")).isZero();
    assertThat(r.count("quarantined")).isZero();
    assertThat(r.count("sessions")).isEqualTo(2);
    for (Row s : spark.read().parquet(lake.sessions()).collectAsList()) {
      assertThat(s.<Long>getAs("runs")).as(s.<String>getAs("session_id")).isEqualTo(8);
      assertThat(s.<Long>getAs("warmup_runs")).isEqualTo(1);
    }
  }
}
