package dev.leti.jobs.report;

import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, collected to the driver (the tables behind it are small: a few rows per device,
 * model and arch). A list is null when its table is not in the lake; doubles that are null in a table are NaN.
 */
public record ReportData(
    Header header,
    List<ServedModel> served,
    List<MetricRow> metrics,
    List<Importance> importances,
    List<Prediction> predictions,
    Map<String, List<LatencyPoint>> latencyBySpace,
    List<TransferCell> transferMatrix,
    List<CurvePoint> transferCurves) {

  /** Where the data comes from and what the lake holds. */
  public record Header(String lake, long generatedAtMs, PipelineRun pipelineRun, List<TableRows> tableRows) {}

  /** Rows of one table of the metastore, or why it could not be read (rows then -1). */
  public record TableRows(String table, long rows, String error) {}

  /** The newest row of {@code leti.pipeline_runs}. */
  public record PipelineRun(String id, long startedAtMs, long finishedAtMs, String status, boolean reconciled,
      Map<String, Long> counts) {}

  /**
   * The model {@code leti predict} uses for a device: its version (the promoted one, else the newest), whether it
   * was promoted, its family, and that family's held-out ±10 % against the measured medians (NaN if not recorded).
   */
  public record ServedModel(String device, String space, String version, boolean promoted, String model,
      double within10) {}

  /** One model's held-out metrics on one device (the newest training run of that device and model). */
  public record MetricRow(String device, String space, String version, String model, String target, double rmseMs,
      double mape,
      double within5, double within10, double spearman, double kendall, int nTrain, int nTest) {}

  /** One feature's weight in a device's newest GBT model. */
  public record Importance(String device, String space, String version, String feature, double importance) {}

  /** One held-out arch: what a model predicted and what was measured. */
  public record Prediction(String device, String space, String archId, String model, double measuredMs,
      double predictedMs) {}

  /** One arch's median latency on a device, with its multiply-accumulates. */
  public record LatencyPoint(String device, String archId, double macs, double latencyMs) {}

  /** One (source, target) pair of the newest transfer matrix of a space. */
  public record TransferCell(String space, String source, String target, int commonArchs, double spearmanZeroShot,
      double kendallZeroShot, int k, double within10Recalibrated, double spearmanRecalibrated, int seeds) {}

  /** A few-shot result summed up over seeds: ±10 % accuracy of one method with k target archs. */
  public record CurvePoint(String space, String target, String method, int k, double meanWithin10,
      double minWithin10, double maxWithin10, double stdWithin10, int seeds) {}
}
