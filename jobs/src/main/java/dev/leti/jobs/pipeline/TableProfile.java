package dev.leti.jobs.pipeline;

import static org.apache.spark.sql.functions.col;

import dev.leti.lake.Columns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one device's column of an aggregated table looks like, with the warnings a person should see before
 * training on it: values in whole milliseconds (few distinct values: ranks tie), near-zero values (archs whose
 * cell does not connect input and output measure almost nothing), and columns that are near copies of another
 * device's (a mislabelled file). Not detected here: values that are analytical estimates rather than
 * measurements.
 */
public record TableProfile(String source, String device, long archs, long distinct, double medianMs,
    double wholeMsShare, long nearZero, String nearCopyOf, List<String> warnings) {

  /** Near-zero: below this share of the device's median. */
  static final double NEAR_ZERO = 0.05;
  /**
   * Two devices are near copies when, over their common archs, the median |log(a/b)| is below this (values within
   * 1 %). On the public NB-201 tables only Eagle's i7 CPU and 1080 Ti files come that close (0.6 %); the closest
   * genuinely different devices (a GPU at batch 1 and 32) differ by 1.8 %.
   */
  static final double NEAR_COPY = 0.01;

  /** Profiles of every (source, device) in the table; collects the valid values to the driver. */
  static List<TableProfile> of(Dataset<Row> table) {
    Map<String, Map<String, Double>> byDevice = new TreeMap<>();
    for (Row r : table.where(col(Columns.PARSE_ERROR).isNull().and(col(Columns.LATENCY_MS).gt(0)))
        .select("table_source", Columns.DEVICE_ID, Columns.ARCH_ID, Columns.LATENCY_MS).collectAsList()) {
      byDevice.computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new HashMap<>())
          .put(r.getString(2), r.getDouble(3));
    }
    List<TableProfile> out = new ArrayList<>();
    for (var e : byDevice.entrySet()) {
      out.add(profile(e.getKey(), e.getValue(), byDevice));
    }
    return out;
  }

  private static TableProfile profile(String key, Map<String, Double> values, Map<String, Map<String, Double>> all) {
    List<Double> sorted = new ArrayList<>(values.values());
    sorted.sort(null);
    double median = sorted.get(sorted.size() / 2);
    long whole = sorted.stream().filter(v -> v == Math.rint(v)).count();
    long nearZero = sorted.stream().filter(v -> v < NEAR_ZERO * median).count();
    Set<Double> distinct = new HashSet<>(sorted);
    String copyOf = null;
    for (var other : all.entrySet()) {
      if (!other.getKey().equals(key) && medianAbsLogRatio(values, other.getValue()) < NEAR_COPY) {
        copyOf = other.getKey();
        break;
      }
    }
    List<String> warnings = new ArrayList<>();
    double wholeShare = (double) whole / sorted.size();
    if (wholeShare > 0.95) {
      warnings.add(String.format(Locale.ROOT, "whole milliseconds (%d distinct values): ranks tie", distinct.size()));
    }
    if (nearZero > 0) {
      warnings.add(nearZero + " near-zero values (< 5 % of the median)");
    }
    if (copyOf != null) {
      warnings.add("a near copy of " + copyOf + " (values within 1 %): mislabelled?");
    }
    String[] parts = key.split("/", 2);
    return new TableProfile(parts[0], parts[1], sorted.size(), distinct.size(), median, wholeShare, nearZero, copyOf,
        warnings);
  }

  /** Median of |log(a/b)| over the archs both devices have; infinite when fewer than 10. */
  static double medianAbsLogRatio(Map<String, Double> a, Map<String, Double> b) {
    double[] ratios = new double[Math.min(a.size(), b.size())];
    int n = 0;
    for (var e : a.entrySet()) {
      Double y = b.get(e.getKey());
      if (y != null) {
        ratios[n++] = Math.abs(Math.log(e.getValue() / y));
      }
    }
    if (n < 10) {
      return Double.POSITIVE_INFINITY;
    }
    java.util.Arrays.sort(ratios, 0, n);
    return ratios[n / 2];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s/%s: %d archs, median %.3f ms%s", source, device, archs, medianMs,
        warnings.isEmpty() ? "" : "; WARNING " + String.join("; ", warnings));
  }
}
