package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.pipeline.ValidateJob;
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

class ValidateJobTest {
  private static final String A = "28cfc7874f6d200472e1a9dcd8650aa0";
  private static final String B = "043721b9c7fe8c5fad811d47d83132ec";
  private final SparkSession spark = SharedSpark.session();
  private final List<Row> rows = new ArrayList<>();

  /** A raw run; {@code line} identifies it in the assertions. */
  private void run(long line, String device, String space, String arch, String session, Integer index,
      Boolean warmup, Double latency, Long started, String parseError, int batchSeq) {
    rows.add(RowFactory.create(device, space, arch, session, index, warmup, latency, started, null, null, null, null,
        null, "test.csv", line, parseError, "b" + batchSeq, batchSeq));
  }

  private void good(long line, String session, int index, long started) {
    run(line, "gpu", "nb101", A, session, index, false, 5.0, started, null, 0);
  }

  @Test
  void everyBadRowIsQuarantinedWithItsReasonAndEveryRowIsAccountedFor() {
    good(1, "s1", 0, 100);
    good(2, "s1", 1, 110);
    run(3, "gpu", "nb101", A, "s1", null, false, null, 120L, "latency_ms='abc'", 0);
    run(4, "gpu", "nb101", A, "s1", 3, false, null, 130L, null, 0);
    run(5, "gpu", "nb101", A, "s1", 4, false, Double.NaN, 140L, null, 0);
    run(6, "gpu", "nb101", A, "s1", 5, false, Double.POSITIVE_INFINITY, 150L, null, 0);
    run(7, "gpu", "nb101", A, "s1", 6, false, 0.0, 160L, null, 0);
    run(8, "gpu", "nb101", A, "s1", 7, false, -1.0, 170L, null, 0);
    run(9, "gpu", "nb101", A, "s1", -1, false, 5.0, 180L, null, 0);
    run(10, "phone-x", "nb101", A, "s1", 8, false, 5.0, 190L, null, 0);
    run(11, "gpu", "nb101", "ffffffffffffffffffffffffffffffff", "s1", 9, false, 5.0, 200L, null, 0);
    run(12, "gpu", "nb999", A, "s1", 10, false, 5.0, 210L, null, 0);
    run(13, "gpu", "nb101", B, "s1", 11, false, 5.0, 220L, null, 0); // s1 is arch A
    good(14, "s1", 1, 230); // run 1 of s1 again, later line
    run(15, "gpu", "nb101", A, "s1", 1, false, 5.0, 110L, null, 1); // and again in a later batch
    good(16, "s1", 12, 240);
    good(17, "s1", 13, 235); // started before run 12
    good(18, "s2", 0, 100); // no session metadata: its first run defines it
    run(19, "cpu", "nb101", A, "s2", 1, false, 5.0, 110L, null, 0);

    ValidateJob.Validated v = ValidateJob.validate(runs(), sessions(), devices(), validArchs());
    Map<Long, String> reasons = new HashMap<>();
    Map<Long, String> details = new HashMap<>();
    for (Row r : v.quarantine().collectAsList()) {
      assertThat(reasons.put(r.getAs("source_line"), r.getAs("reason"))).as("quarantined once").isNull();
      details.put(r.getAs("source_line"), r.getAs("detail"));
    }
    assertThat(reasons).containsOnly(
        Map.entry(3L, "unparseable"),
        Map.entry(4L, "missing_field"),
        Map.entry(5L, "latency_nan"),
        Map.entry(6L, "latency_infinite"),
        Map.entry(7L, "latency_not_positive"),
        Map.entry(8L, "latency_not_positive"),
        Map.entry(9L, "bad_run_index"),
        Map.entry(10L, "unknown_device"),
        Map.entry(11L, "invalid_arch"),
        Map.entry(12L, "invalid_arch"),
        Map.entry(13L, "session_mismatch"),
        Map.entry(14L, "duplicate_run"),
        Map.entry(15L, "duplicate_run"),
        Map.entry(17L, "timestamp_out_of_order"),
        Map.entry(19L, "session_mismatch"));
    assertThat(details).containsEntry(3L, "latency_ms='abc'").containsEntry(4L, "latency_ms")
        .containsEntry(7L, "latency_ms=0.0").containsEntry(10L, "device phone-x")
        .containsEntry(13L, "session is gpu nb101 " + A).containsEntry(17L, "started 235 before the previous run at 240");
    List<Long> valid = v.valid().select("source_line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertThat(valid).containsExactlyInAnyOrder(1L, 2L, 16L, 18L);
    assertThat(v.valid().count() + v.quarantine().count()).isEqualTo(rows.size());
  }

  private Dataset<Row> runs() {
    StructType schema = RawSchemas.RUNS.add("batch_id", DataTypes.StringType).add("batch_seq", DataTypes.IntegerType);
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> sessions() {
    return spark.createDataFrame(List.of(
        RowFactory.create("s1", "gpu", "nb101", A, 1.0, null, null, null, "s.csv", 1L, null)), RawSchemas.SESSIONS);
  }

  private Dataset<Row> devices() {
    return spark.createDataFrame(List.of(
        RowFactory.create("gpu", null, null, null, null, null, null, null, null, null, null, null, null, null),
        RowFactory.create("cpu", null, null, null, null, null, null, null, null, null, null, null, null, null)),
        RawSchemas.DEVICES);
  }

  private Dataset<Row> validArchs() {
    return spark.createDataFrame(List.of(RowFactory.create("nb101", A), RowFactory.create("nb101", B)),
        new StructType().add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType));
  }
}
