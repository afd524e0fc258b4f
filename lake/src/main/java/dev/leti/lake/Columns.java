package dev.leti.lake;

/** Column names shared by the jobs, the collector and the tables: one place, so SQL and code agree. */
public final class Columns {
  public static final String BATCH_ID = "batch_id";
  public static final String DEVICE_ID = "device_id";
  public static final String ARCH_SPACE = "arch_space";
  public static final String ARCH_ID = "arch_id";
  public static final String SESSION_ID = "session_id";
  public static final String RUN_INDEX = "run_index";
  public static final String WARMUP = "warmup";
  public static final String LATENCY_MS = "latency_ms";
  public static final String STARTED_AT_MS = "started_at_ms";
  public static final String TEMPERATURE_C = "temperature_c";
  public static final String CLOCK_MHZ = "clock_mhz";
  public static final String BACKEND = "backend";
  public static final String RUNNER_VERSION = "runner_version";
  public static final String RUNTIME_VERSION = "runtime_version";
  public static final String SOURCE = "source";
  /** Position of the row in its source file (1 = first data line), for tracing a quarantined row back. */
  public static final String SOURCE_LINE = "source_line";
  /** Fields of the source row that could not be read as their type, e.g. {@code latency_ms='abc'}; else null. */
  public static final String PARSE_ERROR = "parse_error";

  public static final String INIT_MS = "init_ms";
  public static final String FIRST_INFERENCE_MS = "first_inference_ms";
  public static final String PARAMS = "params";
  /** A collected session's outcome: {@value #STATUS_OK} or {@value #STATUS_FAILED}. */
  public static final String STATUS = "status";
  public static final String STATUS_OK = "ok";
  public static final String STATUS_FAILED = "failed";
  /** Why a collected session failed; null when it did not. */
  public static final String FAILURE = "failure";

  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String PIPELINE_RUN_ID = "pipeline_run_id";

  private Columns() {}
}
