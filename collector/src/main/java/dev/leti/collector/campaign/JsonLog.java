package dev.leti.collector.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leti.collector.session.MeasuredSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The campaign's events as JSON lines appended to a file (one object per line, flushed at once). */
public final class JsonLog implements CampaignListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;
  private final String campaign;

  public JsonLog(Path file, String campaign) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    this.campaign = campaign;
  }

  private ObjectNode event(String name, String deviceId) {
    return JSON.createObjectNode().put("ts_ms", System.currentTimeMillis()).put("event", name)
        .put("campaign", campaign).put("device", deviceId);
  }

  @Override
  public void deviceStarted(String deviceId, int total, int alreadyDone) {
    write(event("device_started", deviceId).put("sessions", total).put("already_committed", alreadyDone));
  }

  @Override
  public void sessionStarting(String deviceId, CampaignPlan.Slot slot, Double temperatureC) {
    write(event("session_starting", deviceId).put("arch", slot.arch().toString()).put("slot", slot.slot())
        .put("temperature_c", temperatureC));
  }

  @Override
  public void sessionWritten(String deviceId, MeasuredSession s, long nanos) {
    ObjectNode e = event("session_committed", deviceId).put("session_id", s.sessionId())
        .put("status", s.isOk() ? "ok" : "failed").put("seconds", nanos / 1e9);
    if (s.isOk()) {
      e.put("runs", s.output().runs().size()).put("backend", s.output().header().backend());
    } else {
      e.put("failure", s.failure());
    }
    write(e);
  }

  @Override
  public void deviceRetry(String deviceId, String reason, int retry, java.time.Duration wait) {
    write(event("device_retry", deviceId).put("retry", retry).put("wait_ms", wait.toMillis()).put("reason", reason));
  }

  @Override
  public void deviceFinished(String deviceId, DeviceWorker.Result r) {
    write(event("device_finished", deviceId).put("written", r.written()).put("skipped", r.skipped())
        .put("failed", r.failed()).put("aborted_because", r.abortedBecause()));
  }

  private synchronized void write(ObjectNode event) {
    try {
      out.write(JSON.writeValueAsString(event));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JSON log", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
