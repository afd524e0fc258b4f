package dev.leti.collector.campaign;

import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.DeviceInfo;
import dev.leti.collector.device.ThermalReading;
import dev.leti.collector.session.CommittedSessions;
import dev.leti.collector.session.MeasuredSession;
import dev.leti.collector.session.SessionBatchWriter;
import dev.leti.collector.session.SessionKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Measures a campaign's sessions on one device, in order, skipping the ones already committed. A transient device
 * failure (unplugged, timeout) is retried with backoff and the same attempt; a session that fails by itself is
 * committed as failed and the next attempt gets a new number. Each session is written before the next starts.
 */
public final class DeviceWorker implements Callable<DeviceWorker.Result> {
  /**
   * Sessions written now, skipped (already committed), failed; the time inside timed inferences (warm-ups
   * included, then measured runs only) and in the runner's set-up (model load, first inference).
   */
  public record Result(String deviceId, int written, int skipped, int failed, long runs, long inferenceNanos,
      long measuredNanos, long runnerSetupNanos, String abortedBecause) {}

  private final Device device;
  private final CampaignPlan plan;
  private final SessionRunner runner;
  private final SessionBatchWriter writer;
  private final ThermalGuard thermal;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final CampaignListener listener;

  public DeviceWorker(Device device, CampaignPlan plan, SessionRunner runner, SessionBatchWriter writer,
      ThermalGuard thermal, Backoff backoff, Sleeper sleeper, CampaignListener listener) {
    this.device = device;
    this.plan = plan;
    this.runner = runner;
    this.writer = writer;
    this.thermal = thermal;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  @Override
  public Result call() throws IOException, InterruptedException {
    DeviceInfo info;
    try {
      info = withRetries(device::info);
    } catch (DeviceException e) {
      return new Result(device.toString(), 0, 0, 0, 0, 0, 0, 0, e.getMessage());
    }
    String id = info.deviceId();
    writer.writeDevice(plan.campaign(), info);
    CommittedSessions committed = CommittedSessions.read(writer.log(), plan.campaign(), id);
    var slots = plan.slots();
    listener.deviceStarted(id, slots.size(), committed.doneCount());
    int written = 0;
    int skipped = 0;
    int failed = 0;
    long runs = 0;
    long inferenceNs = 0;
    long measuredNs = 0;
    long setupNs = 0;
    for (CampaignPlan.Slot slot : slots) {
      SessionKey key = new SessionKey(plan.campaign(), id, slot.arch(), slot.slot());
      if (committed.isDone(key)) {
        skipped++;
        continue;
      }
      int attempt = committed.nextAttempt(key);
      long started = System.nanoTime();
      MeasuredSession session;
      try {
        session = withRetries(() -> {
          ThermalReading r = thermal.coolDown(device);
          listener.sessionStarting(id, slot, r.temperatureC());
          return runner.measure(device, key, attempt, r.temperatureC());
        });
      } catch (DeviceException e) {
        if (!e.isTransient()) { // the session's own fault (e.g. a model the runtime rejects): record it
          session = MeasuredSession.failed(key, attempt, null, e.getMessage());
        } else { // still away after every retry: stop this device; a restart resumes here
          Result r = new Result(id, written, skipped, failed, runs, inferenceNs, measuredNs, setupNs,
              "device gone after " + backoff.maxRetries() + " retries: " + e.getMessage());
          listener.deviceFinished(id, r);
          return r;
        }
      }
      writer.write(session);
      written++;
      if (session.isOk()) {
        setupNs += session.output().header().initNs() + session.output().header().firstInferenceNs();
        for (var run : session.output().runs()) {
          inferenceNs += run.latencyNs();
          measuredNs += run.warmup() ? 0 : run.latencyNs();
          runs++;
        }
      } else {
        failed++;
      }
      listener.sessionWritten(id, session, System.nanoTime() - started);
    }
    Result r = new Result(id, written, skipped, failed, runs, inferenceNs, measuredNs, setupNs, null);
    listener.deviceFinished(id, r);
    return r;
  }

  /** A device call that may hit a transient failure. */
  interface DeviceCall<T> {
    T call() throws DeviceException, InterruptedException;
  }

  <T> T withRetries(DeviceCall<T> call) throws DeviceException, InterruptedException {
    for (int retry = 0; ; retry++) {
      try {
        return call.call();
      } catch (DeviceException e) {
        if (!e.isTransient() || retry >= backoff.maxRetries()) {
          throw e;
        }
        Duration wait = backoff.delay(retry);
        listener.deviceRetry(device.toString(), e.getMessage(), retry + 1, wait);
        sleeper.sleep(wait);
      }
    }
  }
}
