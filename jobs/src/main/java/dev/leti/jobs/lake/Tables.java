package dev.leti.jobs.lake;

/** Names of the tables in the metastore; all live in one database. */
public final class Tables {
  public static final String DATABASE = "leti";

  public static final String RAW_RUNS = "raw_runs";
  public static final String RAW_SESSIONS = "raw_sessions";
  public static final String RAW_DEVICES = "raw_devices";
  public static final String RAW_LATENCY_TABLES = "raw_latency_tables";
  public static final String BATCHES = "batches";
  public static final String DEVICES = "devices";
  public static final String SESSIONS = "sessions";
  public static final String QUARANTINE = "quarantine";
  public static final String CLEAN_RUNS = "clean_runs";
  public static final String LATENCY_MEDIANS = "latency_medians";
  public static final String PIPELINE_RUNS = "pipeline_runs";

  private Tables() {}

  public static String archFeatures(String space) {
    return "arch_features_" + space;
  }

  public static String spaceFeatures(String space) {
    return "space_features_" + space;
  }

  public static String trainingSet(String space) {
    return "training_set_" + space;
  }

  public static String qualified(String table) {
    return DATABASE + "." + table;
  }
}
