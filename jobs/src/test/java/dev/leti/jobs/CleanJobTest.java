package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.pipeline.CleanJob;
import dev.leti.jobs.pipeline.CleaningRules;
import dev.leti.jobs.pipeline.MediansJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CleanJobTest {
  private final SparkSession spark = SharedSpark.session();
  private final List<Row> rows = new ArrayList<>();
  private long line;

  private void session(String session, String arch, boolean firstIsWarmup, double[] latencies, double[] temperatures) {
    for (int i = 0; i < latencies.length; i++) {
      rows.add(RowFactory.create("gpu", "nb101", arch, session, i, firstIsWarmup && i == 0, latencies[i], 1000L + i,
          temperatures == null ? null : temperatures[i], null, null, null, null, "t.csv", ++line, null, "b", 0));
    }
  }

  private Dataset<Row> valid() {
    return spark.createDataFrame(rows, RawSchemas.RUNS.add("batch_id", DataTypes.StringType)
        .add("batch_seq", DataTypes.IntegerType));
  }

  private CleanJob.Cleaned clean(CleaningRules rules) {
    return CleanJob.clean(valid(), spark.createDataFrame(List.of(), RawSchemas.SESSIONS), rules);
  }

  private void standardSessions() {
    // warm-up 50, then one outlier (30) among values around 10
    session("steady", "a", true, new double[] {50, 10, 10.1, 9.9, 10.2, 9.8, 10, 30}, null);
    session("short", "b", false, new double[] {7, 7.1, 6.9}, null);
    session("drift", "c", false, new double[] {10, 10.2, 10.4, 10.6, 10.8, 11.0, 11.2, 11.4, 11.6}, null);
    session("hot", "d", false, new double[] {5, 5, 5, 5, 5, 5}, new double[] {40, 42, 44, 46, 48, 50});
  }

  @Test
  void madRuleFlagsTheOutlierAndSessionsGetTheirFlags() {
    standardSessions();
    CleanJob.Cleaned c = clean(CleaningRules.DEFAULT);
    Map<Long, Row> byLine = new HashMap<>();
    c.runs().collectAsList().forEach(r -> byLine.put(r.getAs("source_line"), r));
    assertThat(byLine).hasSize(rows.size());
    assertThat(byLine.get(1L).<Boolean>getAs("is_outlier")).as("warm-ups are never outliers").isFalse();
    assertThat(byLine.get(1L).<Boolean>getAs("used")).isFalse();
    assertThat(byLine.get(8L).<Boolean>getAs("is_outlier")).as("30 among values near 10").isTrue();
    assertThat(byLine.get(8L).<Boolean>getAs("used")).isFalse();
    for (long l = 2; l <= 7; l++) {
      assertThat(byLine.get(l).<Boolean>getAs("used")).as("line %d", l).isTrue();
    }
    Map<String, Row> sessions = new HashMap<>();
    c.sessions().collectAsList().forEach(r -> sessions.put(r.getAs("session_id"), r));
    assertThat(sessions.get("steady").<Double>getAs("session_median_ms")).isEqualTo(10.0);
    assertThat(sessions.get("steady").<Long>getAs("good_runs")).isEqualTo(6);
    assertThat(sessions.get("steady").<Long>getAs("warmup_runs")).isEqualTo(1);
    assertThat(sessions.get("steady").<Long>getAs("outlier_runs")).isEqualTo(1);
    assertThat(sessions.get("short").<Boolean>getAs("too_few_runs")).isTrue();
    assertThat(sessions.get("short").<Boolean>getAs("session_used")).isFalse();
    assertThat(sessions.get("drift").<Boolean>getAs("drifting")).isTrue();
    assertThat(sessions.get("drift").<Double>getAs("drift")).isCloseTo(1.2 / 10.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sessions.get("steady").<Boolean>getAs("drifting")).isFalse();
    assertThat(sessions.get("hot").<Boolean>getAs("throttled")).isTrue();
    assertThat(sessions.get("hot").<Boolean>getAs("session_used")).as("flagged, used by default").isTrue();

    Map<String, Row> medians = new HashMap<>();
    MediansJob.medians(c.runs(), c.sessions()).collectAsList().forEach(r -> medians.put(r.getAs("arch_id"), r));
    assertThat(medians).containsOnlyKeys("a", "c", "d");
    Row a = medians.get("a");
    assertThat(a.<Double>getAs("latency_ms")).isEqualTo(10.0);
    assertThat(a.<Long>getAs("runs_used")).isEqualTo(6);
    assertThat(a.<Long>getAs("outliers")).isEqualTo(1);
    // numpy: percentile([9.8, 9.9, 10, 10, 10.1, 10.2], 10) = 9.85, 90 -> 10.15
    assertThat(a.<Double>getAs("p10_ms")).isCloseTo(9.85, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.<Double>getAs("p90_ms")).isCloseTo(10.15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.<Double>getAs("mean_ms")).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void iqrRuleAndExclusionsAreConfigurable() {
    standardSessions();
    CleaningRules iqr = new CleaningRules("iqr", 3.5, 1.5, 0.01, 5, 0.10, 5.0, 0.10, true, true);
    CleanJob.Cleaned c = clean(iqr);
    Map<Long, Boolean> outlier = new HashMap<>();
    c.runs().collectAsList().forEach(r -> outlier.put(r.getAs("source_line"), r.getAs("is_outlier")));
    assertThat(outlier.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)).containsExactly(8L);
    Map<String, Boolean> used = new HashMap<>();
    c.sessions().collectAsList().forEach(r -> used.put(r.getAs("session_id"), r.getAs("session_used")));
    assertThat(used).containsEntry("drift", false).containsEntry("hot", false).containsEntry("steady", true);
  }

  @Test
  void withMadZeroTheRelativeFloorDecides() {
    session("ms", "e", false, new double[] {3, 3, 3, 3, 4, 3, 3, 9}, null);
    CleanJob.Cleaned c = clean(CleaningRules.DEFAULT);
    List<Long> outliers = c.runs().where("is_outlier").select("source_line")
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    // MAD is 0, so the spread is the floor, 1 % of the median (0.03 ms): the limit is 3.5 x 0.03 ms around 3 ms.
    // Repeated 3.0 values stay; 4 and 9 are out. (Runner timings are in nanoseconds; whole-ms data needs a
    // larger minRelativeSpread.)
    assertThat(outliers).containsExactlyInAnyOrder(5L, 8L);
  }

  @Test
  void badRulesFailAtStartNamingTheValue() {
    assertThatThrownBy(() -> new CleaningRules("zscore", 3.5, 1.5, 0.01, 5, 0.1, 5, 0.1, false, false))
        .hasMessageContaining("outlier rule must be mad or iqr, got 'zscore'");
    assertThatThrownBy(() -> new CleaningRules("mad", -1, 1.5, 0.01, 5, 0.1, 5, 0.1, false, false))
        .hasMessageContaining("madK must be a positive number, got -1.0");
    assertThatThrownBy(() -> new CleaningRules("mad", 3.5, 1.5, 0.01, 0, 0.1, 5, 0.1, false, false))
        .hasMessageContaining("minGoodRuns must be at least 1, got 0");
  }
}
