package dev.leti.lake;

/**
 * Where each table of the lake lives under one root, which is a local path or any Hadoop URI ({@code file:},
 * {@code hdfs:}, {@code s3a:}). Jobs read and write by these paths, so the lake is self-describing; the Hive
 * metastore only registers the same locations for SQL users.
 *
 * <pre>
 *   raw/      bronze: batches exactly as collected or imported, each committed by one rename + a commit file
 *   clean/    silver: every valid run with its flags, sessions, quarantine
 *   gold/     medians, features, training sets, pipeline runs
 * </pre>
 */
public record Lake(String root) {

  public Lake {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("the lake root is empty");
    }
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String path(String relative) {
    return root + "/" + relative;
  }

  public String rawRuns() {
    return path("raw/runs");
  }

  public String rawSessions() {
    return path("raw/sessions");
  }

  public String rawDevices() {
    return path("raw/devices");
  }

  public String rawLatencyTables() {
    return path("raw/latency_tables");
  }

  /** One JSON file per committed batch: what readers of the raw layer trust. */
  public String commits() {
    return path("raw/commits");
  }

  /** Work in progress of a batch; readers ignore it, the next writer clears what a crash left. */
  public String staging(String batchId) {
    return path("raw/_staging/" + batchId);
  }

  public String cleanRuns() {
    return path("clean/runs");
  }

  public String sessions() {
    return path("clean/sessions");
  }

  public String devices() {
    return path("clean/devices");
  }

  public String quarantine() {
    return path("clean/quarantine");
  }

  public String latencyMedians() {
    return path("gold/latency_medians");
  }

  public String archFeatures(String space) {
    return path("gold/arch_features_" + space);
  }

  public String spaceFeatures(String space) {
    return path("gold/space_features_" + space);
  }

  public String trainingSet(String space) {
    return path("gold/training_set_" + space);
  }

  public String pipelineRuns() {
    return path("gold/pipeline_runs");
  }

  public String warehouse() {
    return path("warehouse");
  }
}
