package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.lake.Lake;
import dev.leti.jobs.model.MeasurementCeiling;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the real raw runs of 800 NAS-Bench-101 networks on two devices (../shared). */
class PipelineEndToEndTest {
  private static final Path DATA = SharedSpark.shared("datasets/nb101-h200-xeon");
  @TempDir static Path dir;
  private static Lake lake;
  private static PipelineJob.Result first;
  private static SparkSession spark;

  @BeforeAll
  static void importAndRun() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    ImportRunsJob.Result imported = importShared();
    assertThat(imported.runs()).isEqualTo(36_000);
    assertThat(imported.sessions()).isEqualTo(1_600);
    assertThat(imported.devices()).isEqualTo(2);
    first = new PipelineJob(lake).run(spark);
  }

  private static ImportRunsJob.Result importShared() throws Exception {
    return new ImportRunsJob(lake).runs(DATA.resolve("raw_runs.csv.gz").toString())
        .sessions(DATA.resolve("sessions.csv.gz").toString())
        .devices(DATA.resolve("devices.json").toString()).run(spark);
  }

  @Test
  void everyRowAndSessionIsAccountedFor() {
    assertThat(first.reconciled()).isTrue();
    assertThat(first.count("rows_in")).isEqualTo(36_000);
    assertThat(first.count("session_passes")).as("the import keeps each session's runs together").isEqualTo(1);
    assertThat(first.count("clean") + first.count("outliers") + first.count("quarantined")).isEqualTo(36_000);
    assertThat(first.count("quarantined")).as("the shared data is clean").isZero();
    assertThat(first.count("warmups")).isEqualTo(800 * 5 + 800 * 3);
    assertThat(first.count("sessions")).isEqualTo(1_600);
    assertThat(first.count("medians")).as("every session kept enough runs").isEqualTo(1_600);
    assertThat(first.count("training_set_nb101")).isEqualTo(1_600);
    assertThat(first.count("arch_features_nb101")).isEqualTo(800);
    Dataset<Row> training = spark.table("leti.training_set_nb101");
    assertThat(training.count()).as("counted as written").isEqualTo(1_600);
    assertThat(training.select("arch_id").distinct().count()).isEqualTo(800);
    assertThat(spark.table("leti.latency_medians").where("NOT aggregated").count()).isEqualTo(1_600);
    assertThat(spark.table("leti.pipeline_runs").where("status = 'ok'").count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void sessionsCarryTheirMetadata() {
    // the pass writes the sessions table itself, with the metadata it looked up for each session's runs
    Dataset<Row> sessions = spark.table("leti.sessions");
    assertThat(sessions.columns()).endsWith("init_ms", "first_inference_ms", "params");
    Dataset<Row> raw = spark.table("leti.raw_sessions").select("session_id", "init_ms", "first_inference_ms",
        "params");
    assertThat(sessions.select("session_id", "init_ms", "first_inference_ms", "params").exceptAll(raw).count())
        .isZero();
    assertThat(sessions.where("init_ms IS NOT NULL AND params IS NOT NULL").count()).isEqualTo(1_600);
  }

  @Test
  void mediansEqualAStraightforwardComputation() throws Exception {
    Map<String, Double> expected = straightforwardMedians();
    Map<String, Double> actual = new HashMap<>();
    for (Row r : spark.read().parquet(lake.latencyMedians()).collectAsList()) {
      actual.put(r.<String>getAs("device_id") + "/" + r.<String>getAs("arch_id"), r.<Double>getAs("latency_ms"));
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (var e : expected.entrySet()) {
      assertThat(actual.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  /** Plain Java: per session drop warm-ups, drop MAD outliers (3.5 x 1.4826 x MAD, floor 1 % of the median), median. */
  private static Map<String, Double> straightforwardMedians() throws Exception {
    Map<String, List<Double>> bySession = new TreeMap<>();
    Map<String, String> key = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(DATA.resolve("raw_runs.csv.gz")))))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        if (f[4].equals("0")) {
          bySession.computeIfAbsent(f[2], s -> new ArrayList<>()).add(Double.parseDouble(f[5]));
          key.put(f[2], f[0] + "/" + f[1]);
        }
      }
    }
    Map<String, List<Double>> sessionMedians = new HashMap<>();
    for (var e : bySession.entrySet()) {
      List<Double> x = e.getValue();
      double m = median(x);
      List<Double> dev = x.stream().map(v -> Math.abs(v - m)).toList();
      double spread = Math.max(1.4826 * median(dev), 0.01 * m);
      List<Double> good = x.stream().filter(v -> Math.abs(v - m) <= 3.5 * spread).toList();
      sessionMedians.computeIfAbsent(key.get(e.getKey()), k -> new ArrayList<>()).add(median(good));
    }
    Map<String, Double> out = new HashMap<>();
    sessionMedians.forEach((k, v) -> out.put(k, median(v)));
    return out;
  }

  private static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  @Test
  void reImportingAndReRunningChangesNothing() throws Exception {
    assertThat(importShared().alreadyImported()).isTrue();
    Dataset<Row> mediansBefore = spark.read().parquet(lake.latencyMedians()).cache();
    mediansBefore.count();
    PipelineJob.Result second = new PipelineJob(lake).run(spark);
    assertThat(second.counts()).isEqualTo(first.counts());
    SharedSpark.assertSameRows(mediansBefore, spark.read().parquet(lake.latencyMedians()));
    assertThat(spark.table("leti.clean_runs").count()).isEqualTo(36_000);
  }

  @Test
  void sessionsRepeatTheirMedianOddAgainstEvenButLessFirstHalfAgainstSecond() {
    List<MeasurementCeiling.DeviceCeiling> ceiling = MeasurementCeiling.run(spark, lake, "nb101");
    assertThat(ceiling).extracting(MeasurementCeiling.DeviceCeiling::device)
        .containsExactly("h200-fp32", "xeon-16t-fp32");
    for (MeasurementCeiling.DeviceCeiling d : ceiling) {
      assertThat(d.sessions()).isEqualTo(800);
      assertThat(d.archs()).isEqualTo(800);
      assertThat(d.oddEvenWithin10()).as("%s: ../shared/README.md measured 97 %%", d.device()).isBetween(0.96, 0.99);
      assertThat(d.halvesWithin10()).as("%s: the host's state changes during sessions", d.device())
          .isLessThan(d.oddEvenWithin10() - 0.05);
      assertThat(d.medianToP10()).isBetween(1.0, 1.1);
      assertThat(d.ownFastRunsWithin10()).isBetween(0.5, 1.0);
    }
  }
}
