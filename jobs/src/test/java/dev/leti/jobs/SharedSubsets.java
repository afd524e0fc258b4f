package dev.leti.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.lake.Lake;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small real training sets for model tests: the first N archs of the shared GPU/CPU data (../shared), each
 * device's median of the measured (non-warm-up) runs where the pipeline writes the medians, the features library's
 * NB-101 features of those archs where it writes the space's features (the training set is their join), and their
 * sessions' start times where it writes the sessions. Far faster than import + pipeline, and the same shape.
 */
public final class SharedSubsets {
  private static final StructType MEDIANS = new StructType().add("device_id", DataTypes.StringType)
      .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
      .add("latency_ms", DataTypes.DoubleType).add("aggregated", DataTypes.BooleanType);

  private SharedSubsets() {}

  public static void writeNb101TrainingSet(SparkSession spark, Lake lake, int archs) throws Exception {
    Map<String, Nb101Cell> cells = new LinkedHashMap<>();
    for (JsonNode c : new ObjectMapper().readTree(SharedSpark.shared("datasets/nb101-h200-xeon/cells.json").toFile())) {
      if (cells.size() < archs) {
        cells.put(c.get("hash").asText(), Nb101CellJson.parse(c));
      }
    }
    Map<String, List<Double>> runs = new TreeMap<>();
    Map<String, Long> started = new TreeMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedSpark.shared("datasets/nb101-h200-xeon/raw_runs.csv.gz")))))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        if (f[4].equals("0") && cells.containsKey(f[1])) {
          runs.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[5]));
          started.merge(f[0] + "," + f[1], Long.parseLong(f[6]), Math::min);
        }
      }
    }
    List<Row> medians = new ArrayList<>();
    for (var e : runs.entrySet()) {
      String[] key = e.getKey().split(",");
      List<Double> v = new ArrayList<>(e.getValue());
      v.sort(null);
      medians.add(RowFactory.create(key[0], "nb101", key[1], v.get(v.size() / 2), false));
    }
    spark.createDataFrame(medians, MEDIANS).write().parquet(lake.latencyMedians());
    StructType featureSchema = new StructType().add("arch_space", DataTypes.StringType)
        .add("arch_id", DataTypes.StringType);
    for (String f : Nb101Features.SCHEMA.names()) {
      featureSchema = featureSchema.add(f, DataTypes.LongType);
    }
    List<Row> features = new ArrayList<>();
    cells.forEach((hash, cell) -> {
      List<Object> values = new ArrayList<>(List.of("nb101", hash));
      for (long x : Nb101Features.compute(cell)) {
        values.add(x);
      }
      features.add(RowFactory.create(values.toArray()));
    });
    spark.createDataFrame(features, featureSchema).write().parquet(lake.spaceFeatures("nb101"));
    // the sessions' start times: the train job's drift correction orders archs by them
    List<Row> sessions = new ArrayList<>();
    started.forEach((key, t) -> sessions.add(RowFactory.create(key.split(",")[0], "nb101", key.split(",")[1], true,
        t)));
    spark.createDataFrame(sessions, new StructType().add("device_id", DataTypes.StringType)
        .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
        .add("session_used", DataTypes.BooleanType).add("first_started_at_ms", DataTypes.LongType))
        .write().parquet(lake.sessions());
  }

  /**
   * The first {@code archs} NB-201 indices of these devices of the public tables: their latencies as the medians
   * (aggregated, with the table's source; no sessions) and the features library's NB-201 features.
   */
  public static void writeNb201TrainingSet(SparkSession spark, Lake lake, Set<String> devices, int archs)
      throws Exception {
    List<Row> medians = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedSpark.shared("datasets/nb201-public/latency.csv.gz")))))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        if (devices.contains(f[1]) && Integer.parseInt(f[2]) < archs) {
          medians.add(RowFactory.create(f[1], "nb201", f[2], Double.parseDouble(f[3]), true, f[0]));
        }
      }
    }
    spark.createDataFrame(medians, MEDIANS.add("source", DataTypes.StringType)).write()
        .parquet(lake.latencyMedians());
    StructType featureSchema = new StructType().add("arch_space", DataTypes.StringType)
        .add("arch_id", DataTypes.StringType);
    for (String f : Nb201Features.SCHEMA.names()) {
      featureSchema = featureSchema.add(f, DataTypes.LongType);
    }
    List<Row> features = new ArrayList<>();
    for (int i = 0; i < archs; i++) {
      List<Object> values = new ArrayList<>(List.of("nb201", String.valueOf(i)));
      for (long x : Nb201Features.compute(Nb201Index.arch(i))) {
        values.add(x);
      }
      features.add(RowFactory.create(values.toArray()));
    }
    spark.createDataFrame(features, featureSchema).write().parquet(lake.spaceFeatures("nb201"));
  }
}
