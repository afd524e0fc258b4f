package dev.leti.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.lake.RawSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class SessionDirectoryTest {
  private static Row session(String id, String device, String arch, Double initMs, Long params) {
    return RowFactory.create(id, device, "nb101", arch, initMs, null, params, null, "s.csv", 1L, null, null, null);
  }

  @Test
  void findsEverySessionItWasGivenAndNoOther() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(session("s" + i, "gpu", "arch" + i, i * 0.5, (long) i));
    }
    rows.add(session("no-device", null, "a", null, null));
    SessionDirectory d = SessionDirectory.of(SharedSpark.session().createDataFrame(rows, RawSchemas.SESSIONS));

    for (int i = 0; i < 5000; i += 7) {
      int entry = d.find(UTF8String.fromString("s" + i));
      assertThat(entry).isNotNegative();
      assertThat(d.expected(entry)).extracting(UTF8String::toString).containsExactly("gpu", "nb101", "arch" + i);
      assertThat(d.metadata(entry)).containsExactly(i * 0.5, null, (long) i);
    }
    assertThat(d.find(UTF8String.fromString("s5000"))).isEqualTo(-1);
    assertThat(d.expected(-1)).as("unknown session: its first run defines it").isNull();
    assertThat(d.metadata(-1)).containsExactly(null, null, null);
    int noDevice = d.find(UTF8String.fromString("no-device"));
    assertThat(noDevice).isNotNegative();
    assertThat(d.expected(noDevice)).as("described without a device").isNull();
    assertThat(d.metadata(noDevice)).containsExactly(null, null, null);
  }

  @Test
  void countsTheLinesThatCouldNotBeReadAndDescribesNothingWithThem() {
    List<Row> rows = new ArrayList<>(List.of(session("s1", "gpu", "a", 1.0, 5L), session("s2", "gpu", "b", 2.0, 6L)));
    rows.add(RowFactory.create("s3", "gpu", "nb101", "c", null, null, null, null, "s.csv", 4L,
        "init_ms: not a number", null, null));
    rows.add(RowFactory.create(null, null, null, null, null, null, null, null, "s.csv", 5L, "3 fields, 7 expected",
        null, null));
    SessionDirectory d = SessionDirectory.of(SharedSpark.session().createDataFrame(rows, RawSchemas.SESSIONS));

    assertThat(d.unreadableLines()).isEqualTo(2);
    assertThat(d.find(UTF8String.fromString("s3"))).as("an unreadable line describes nothing").isEqualTo(-1);
    assertThat(d.find(UTF8String.fromString("s2"))).isNotNegative();
    assertThat(d.alone(d.find(UTF8String.fromString("s1")))).isTrue();
  }

  @Test
  void isBuiltInTheBackgroundAndAFailureThereIsThrownToTheWaiter() {
    SparkSession spark = SharedSpark.session();
    CompletableFuture<SessionDirectory> built = SessionDirectory.inBackground(
        spark.createDataFrame(List.of(session("s1", "gpu", "a", 1.0, 5L)), RawSchemas.SESSIONS));
    assertThat(SessionDirectory.await(built).find(UTF8String.fromString("s1"))).isNotNegative();

    // reading the sessions fails in the builder's thread, as a Spark job does
    Dataset<Row> broken = spark.createDataFrame(List.of(session("s1", "gpu", "a", 1.0, 5L)), RawSchemas.SESSIONS)
        .where(functions.assert_true(functions.col("session_id").equalTo("s0"), functions.lit("unreadable")).isNull());
    CompletableFuture<SessionDirectory> failed = SessionDirectory.inBackground(broken);
    assertThatThrownBy(() -> SessionDirectory.await(failed)).isNotInstanceOf(CompletionException.class)
        .hasMessageContaining("unreadable");
  }

  @Test
  void keepsTheNewestDescriptionOfASession() {
    var schema = RawSchemas.SESSIONS.add("batch_seq", org.apache.spark.sql.types.DataTypes.IntegerType);
    List<Row> rows = List.of(
        RowFactory.create("s", "gpu", "nb101", "old", 1.0, null, null, null, "a.csv", 9L, null, null, null, 0),
        RowFactory.create("s", "gpu", "nb101", "newer batch", 2.0, null, null, null, "b.csv", 1L, null, null, null, 2),
        RowFactory.create("s", "gpu", "nb101", "newest", 3.0, null, null, null, "b.csv", 2L, null, null, null, 2),
        RowFactory.create("s", "gpu", "nb101", "older", 4.0, null, null, null, "c.csv", 5L, null, null, null, 1));
    SessionDirectory d = SessionDirectory.of(SharedSpark.session().createDataFrame(rows, schema));

    int entry = d.find(UTF8String.fromString("s"));
    assertThat(d.expected(entry)[2]).hasToString("newest");
    assertThat(d.metadata(entry)[0]).as("the later line of the latest batch").isEqualTo(3.0);
  }

  @Test
  void marksSessionsThatAreTheirArchsOnlyOne() {
    var schema = RawSchemas.SESSIONS.add("batch_seq", org.apache.spark.sql.types.DataTypes.IntegerType);
    List<Row> rows = List.of(
        RowFactory.create("lone", "gpu", "nb101", "a", null, null, null, null, "a.csv", 1L, null, null, null, 0),
        RowFactory.create("pair1", "gpu", "nb101", "b", null, null, null, null, "a.csv", 2L, null, null, null, 0),
        RowFactory.create("pair2", "gpu", "nb101", "b", null, null, null, null, "a.csv", 3L, null, null, null, 0),
        RowFactory.create("other-dev", "cpu", "nb101", "b", null, null, null, null, "a.csv", 4L, null, null, null, 0),
        // moved from arch c to arch a by a newer description: c has no session left, a two
        RowFactory.create("moved", "gpu", "nb101", "c", null, null, null, null, "a.csv", 5L, null, null, null, 0),
        RowFactory.create("moved", "gpu", "nb101", "a", null, null, null, null, "b.csv", 1L, null, null, null, 1),
        RowFactory.create("was-d", "gpu", "nb101", "d", null, null, null, null, "a.csv", 6L, null, null, null, 0),
        RowFactory.create("was-d", "gpu", "nb101", "e", null, null, null, null, "b.csv", 2L, null, null, null, 1),
        RowFactory.create("no-space", "gpu", null, "f", null, null, null, null, "a.csv", 7L, null, null, null, 0));
    SessionDirectory d = SessionDirectory.of(SharedSpark.session().createDataFrame(rows, schema));

    assertThat(alone(d, "lone")).as("shares arch a with the newest description of 'moved'").isFalse();
    assertThat(alone(d, "moved")).isFalse();
    assertThat(alone(d, "pair1")).isFalse();
    assertThat(alone(d, "pair2")).isFalse();
    assertThat(alone(d, "other-dev")).as("arch b, but on another device").isTrue();
    assertThat(alone(d, "was-d")).as("now arch e, alone there").isTrue();
    assertThat(alone(d, "no-space")).as("described without a space: its runs define it").isFalse();
    assertThat(d.alone(d.find(UTF8String.fromString("unknown")))).isFalse();
  }

  @Test
  void joinsPartitionsThatNumberTheirNamesApartAndDescribeASessionTwice() {
    var schema = RawSchemas.SESSIONS.add("batch_seq", org.apache.spark.sql.types.DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      // batch 0 describes every session, batch 1 moves each third one to another arch (and device for some)
      rows.add(RowFactory.create("s" + i, "gpu", "nb101", "a" + i % 200, (double) i, null, (long) i, null, "a.csv",
          (long) i, null, null, null, 0));
      if (i % 3 == 0) {
        rows.add(RowFactory.create("s" + i, i % 2 == 0 ? "cpu" : "gpu", "nb101", "moved" + i, -1.0 * i, null, null,
            null, "b.csv", (long) i, null, null, null, 1));
      }
    }
    // shuffled into 4 partitions: each numbers the names it meets in its own order, and a session's two
    // descriptions mostly lie in different partitions
    Dataset<Row> lines = SharedSpark.session().createDataFrame(rows, schema).repartition(4);
    assertThat(lines.rdd().getNumPartitions()).isEqualTo(4);
    SessionDirectory d = SessionDirectory.of(lines);

    for (int i = 0; i < 600; i++) {
      int entry = d.find(UTF8String.fromString("s" + i));
      boolean moved = i % 3 == 0;
      assertThat(d.expected(entry)).extracting(UTF8String::toString).as("s%d", i).containsExactly(
          moved && i % 2 == 0 ? "cpu" : "gpu", "nb101", moved ? "moved" + i : "a" + i % 200);
      assertThat(d.metadata(entry)).containsExactly(moved ? -1.0 * i : i, null, moved ? null : (long) i);
      // an arch aN keeps the sessions of i = N, N + 200, N + 400 that did not move: alone when one is left
      long left = java.util.stream.IntStream.of(i % 200, i % 200 + 200, i % 200 + 400).filter(k -> k % 3 != 0).count();
      assertThat(d.alone(entry)).as("s%d", i).isEqualTo(moved || left == 1);
    }
  }

  private static boolean alone(SessionDirectory d, String session) {
    int entry = d.find(UTF8String.fromString(session));
    assertThat(entry).as(session).isNotNegative();
    return d.alone(entry);
  }
}
