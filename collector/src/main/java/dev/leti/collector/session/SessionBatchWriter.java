package dev.leti.collector.session;

import dev.leti.collector.device.DeviceInfo;
import dev.leti.lake.BatchLog;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import dev.leti.lake.RawParquetWriter;
import dev.leti.lake.RawTable;
import dev.leti.runner.RunnerProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes each session as one batch of the raw layer through {@link BatchLog}'s protocol (staged, renamed into
 * place, then committed by its commit file), so a crash at any moment leaves either the whole session or nothing
 * that readers see. A failed session is a batch with its sessions row ({@code status = failed}, the reason) and no
 * runs.
 */
public final class SessionBatchWriter {
  public static final String KIND_SESSION = "collect-session";
  public static final String KIND_DEVICE = "collect-device";
  /** Counts in a commit file's {@code rows}. */
  public static final String ROWS_RUNS = "runs";
  public static final String ROWS_SESSIONS = "sessions";
  public static final String ROWS_FAILED = "failed_sessions";
  public static final String ROWS_DEVICES = "devices";
  public static final String RUNNER_VERSION = "leti-runner/" + RunnerProtocol.VERSION;

  private final Lake lake;
  private final Supplier<Configuration> newConf;
  private Configuration conf;
  private BatchLog log;
  private final String source;

  /** @param newConf the Hadoop configuration, made on first use (see {@link #log()}) */
  public SessionBatchWriter(Lake lake, Supplier<Configuration> newConf, String campaign) {
    this.lake = lake;
    this.newConf = newConf;
    this.source = "collector " + campaign;
  }

  /**
   * The lake's commit log, reached on first use: making the Hadoop configuration (most of a second of class loading
   * and XML parsing) and opening its file system are the slowest part of a campaign's start, and a device worker
   * first overlaps them with its device's metadata and first model export.
   */
  public synchronized BatchLog log() {
    if (log == null) {
      conf = newConf.get();
      log = new BatchLog(lake, conf);
    }
    return log;
  }

  private synchronized Configuration conf() {
    log();
    return conf;
  }

  /** The device's row, once per campaign and device; true when it was written now. */
  public boolean writeDevice(String campaign, DeviceInfo info) throws IOException {
    String batch = SessionKey.devicePrefix(campaign, info.deviceId()) + "device";
    if (log().isCommitted(batch)) {
      return false;
    }
    List<String> tables = List.of(lake.rawDevices());
    log().clearUncommitted(batch, tables);
    write(batch, RawTable.DEVICES, lake.rawDevices(), List.<Object[]>of(info.row(source)));
    log().commit(commit(batch, KIND_DEVICE, Map.of(ROWS_DEVICES, 1L)), tables);
    return true;
  }

  public void write(MeasuredSession s) throws IOException {
    String batch = s.sessionId();
    List<String> tables = List.of(lake.rawRuns(), lake.rawSessions());
    log().clearUncommitted(batch, tables);
    List<Object[]> runs = s.isOk() ? runRows(s) : List.of();
    if (!runs.isEmpty()) {
      write(batch, RawTable.RUNS, lake.rawRuns(), runs);
    }
    write(batch, RawTable.SESSIONS, lake.rawSessions(), List.<Object[]>of(sessionRow(s)));
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put(ROWS_RUNS, (long) runs.size());
    rows.put(ROWS_SESSIONS, 1L);
    rows.put(ROWS_FAILED, s.isOk() ? 0L : 1L);
    log().commit(commit(batch, KIND_SESSION, rows), tables);
  }

  private BatchLog.Commit commit(String batch, String kind, Map<String, Long> rows) {
    return new BatchLog.Commit(batch, kind, System.currentTimeMillis(), letiVersion(), List.of(), rows);
  }

  private void write(String batch, RawTable table, String tableDir, List<Object[]> rows) throws IOException {
    Path file = new Path(log().stagingDir(batch, tableDir), "part-00000.snappy.parquet");
    try (RawParquetWriter w = new RawParquetWriter(table, file, conf())) {
      for (Object[] row : rows) {
        w.write(row);
      }
    }
  }

  private List<Object[]> runRows(MeasuredSession s) {
    RunnerOutput out = s.output();
    SessionKey k = s.key();
    List<Object[]> rows = new ArrayList<>(out.runs().size());
    for (RunnerOutput.Run r : out.runs()) {
      Object[] row = new Object[RawTable.RUNS.columns().size()];
      set(row, RawTable.RUNS, Columns.DEVICE_ID, k.deviceId());
      set(row, RawTable.RUNS, Columns.ARCH_SPACE, k.arch().space());
      set(row, RawTable.RUNS, Columns.ARCH_ID, k.arch().id());
      set(row, RawTable.RUNS, Columns.SESSION_ID, s.sessionId());
      set(row, RawTable.RUNS, Columns.RUN_INDEX, r.index());
      set(row, RawTable.RUNS, Columns.WARMUP, r.warmup());
      set(row, RawTable.RUNS, Columns.LATENCY_MS, r.latencyNs() / 1e6);
      set(row, RawTable.RUNS, Columns.STARTED_AT_MS, r.startedAtMs());
      set(row, RawTable.RUNS, Columns.TEMPERATURE_C, s.temperatureC());
      set(row, RawTable.RUNS, Columns.CLOCK_MHZ, s.clockMhz());
      set(row, RawTable.RUNS, Columns.BACKEND, out.header().backend());
      set(row, RawTable.RUNS, Columns.RUNNER_VERSION, RUNNER_VERSION);
      set(row, RawTable.RUNS, Columns.RUNTIME_VERSION, out.header().runtimeVersion());
      set(row, RawTable.RUNS, Columns.SOURCE, source);
      set(row, RawTable.RUNS, Columns.SOURCE_LINE, (long) r.index() + 1); // 1 = the first run line
      rows.add(row);
    }
    return rows;
  }

  private Object[] sessionRow(MeasuredSession s) {
    Object[] row = new Object[RawTable.SESSIONS.columns().size()];
    SessionKey k = s.key();
    set(row, RawTable.SESSIONS, Columns.SESSION_ID, s.sessionId());
    set(row, RawTable.SESSIONS, Columns.DEVICE_ID, k.deviceId());
    set(row, RawTable.SESSIONS, Columns.ARCH_SPACE, k.arch().space());
    set(row, RawTable.SESSIONS, Columns.ARCH_ID, k.arch().id());
    set(row, RawTable.SESSIONS, Columns.SOURCE, source);
    set(row, RawTable.SESSIONS, Columns.STATUS, s.isOk() ? Columns.STATUS_OK : Columns.STATUS_FAILED);
    set(row, RawTable.SESSIONS, Columns.FAILURE, s.failure());
    if (s.isOk()) {
      RunnerOutput.Header h = s.output().header();
      set(row, RawTable.SESSIONS, Columns.INIT_MS, h.initNs() / 1e6);
      set(row, RawTable.SESSIONS, Columns.FIRST_INFERENCE_MS, h.firstInferenceNs() / 1e6);
      set(row, RawTable.SESSIONS, Columns.BACKEND, h.backend());
    }
    return row;
  }

  private static void set(Object[] row, RawTable table, String column, Object value) {
    row[table.indexOf(column)] = value;
  }

  private static String letiVersion() {
    String v = SessionBatchWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
