package dev.leti.collector.campaign;

import dev.leti.collector.ArchRef;
import dev.leti.collector.device.ClockReading;
import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.DeviceInfo;
import dev.leti.collector.device.ThermalReading;
import dev.leti.collector.session.CommittedSessions;
import dev.leti.collector.session.MeasuredSession;
import dev.leti.collector.session.SessionBatchWriter;
import dev.leti.collector.session.SessionKey;
import dev.leti.features.export.ExportCache;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Measures a campaign's sessions on one device, in order, skipping the ones already committed. A transient device
 * failure (unplugged, timeout) is retried with backoff and the same attempt; a session that fails by itself is
 * committed as failed and the next attempt gets a new number. While a session's runner measures, the previous
 * session is committed and the next two models exported in the background ({@link SessionOverlap}); every session
 * is committed before the worker returns.
 */
public final class DeviceWorker implements Callable<DeviceWorker.Result> {
  /**
   * Sessions written now, skipped (already committed), failed; the time inside timed inferences (warm-ups
   * included, then measured runs only), in the runner's model load and in its first inference; where the
   * worker's time went; the sessions whose warm-ups ended while background work was still computing (on the host
   * it was then held: see {@link PhaseTimes.Phase#HELD_FOR_BACKGROUND}).
   */
  public record Result(String deviceId, int written, int skipped, int failed, long runs, long inferenceNanos,
      long measuredNanos, long modelLoadNanos, long firstInferenceNanos, PhaseTimes phases, int overlappedSessions, String abortedBecause) {}

  private final Device device;
  private final CampaignPlan plan;
  private final SessionRunner runner;
  private final SessionBatchWriter writer;
  private final ExportCache exports;
  private final boolean background;
  private final ThermalGuard thermal;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final CampaignListener listener;
  private final PhaseTimes times = new PhaseTimes();
  private final Tally tally = new Tally();

  public DeviceWorker(Device device, CampaignPlan plan, SessionRunner runner, SessionBatchWriter writer,
      ExportCache exports, boolean background, ThermalGuard thermal, Backoff backoff, Sleeper sleeper,
      CampaignListener listener) {
    this.background = background;
    this.device = device;
    this.plan = plan;
    this.runner = runner;
    this.writer = writer;
    this.exports = exports;
    this.thermal = thermal;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  @Override
  public Result call() throws IOException, InterruptedException {
    long start = System.nanoTime();
    try (SessionOverlap overlap = new SessionOverlap(exports, background)) {
      // the plan's first model while the device is asked and the lake opened (wasted only when a resume skips it)
      overlap.prefetch(plan.slots().get(0).arch());
      DeviceInfo info;
      try {
        info = withRetries(device::info);
      } catch (DeviceException e) {
        return tally.result(device.toString(), e.getMessage());
      }
      String id = info.deviceId();
      CommittedSessions committed = CommittedSessions.read(writer.log(), plan.campaign(), id);
      // the device row goes first on the commit thread, so it is committed before any of its sessions; only now,
      // so that its first, cold Parquet write does not compete with the lake's opening and the first export
      overlap.commitLater(() -> writer.writeDevice(plan.campaign(), info));
      List<CampaignPlan.Slot> todo = new ArrayList<>();
      for (CampaignPlan.Slot slot : plan.slots()) {
        if (committed.isDone(key(id, slot))) {
          tally.skipped++;
        } else {
          todo.add(slot);
        }
      }
      times.add(PhaseTimes.Phase.DEVICE_START, System.nanoTime() - start);
      listener.deviceStarted(id, plan.slots().size(), committed.doneCount());
      for (int i = 0; i < todo.size(); i++) {
        SessionKey key = key(id, todo.get(i));
        List<ArchRef> next = todo.subList(i + 1, Math.min(todo.size(), i + 1 + SessionOverlap.PREFETCH_DEPTH))
            .stream().map(CampaignPlan.Slot::arch).toList();
        MeasuredSession session;
        try {
          session = measure(key, committed.nextAttempt(key), todo.get(i), next, overlap);
        } catch (DeviceException e) {
          if (!e.isTransient()) { // the session's own fault (e.g. a model the runtime rejects): record it
            session = MeasuredSession.failed(key, committed.nextAttempt(key), null, e.getMessage());
          } else { // still away after every retry: stop this device; a restart resumes here
            awaitCommit(overlap);
            Result r = tally.result(id, "device gone after " + backoff.maxRetries() + " retries: " + e.getMessage());
            listener.deviceFinished(id, r);
            return r;
          }
        }
        commitLater(overlap, id, session);
      }
      awaitCommit(overlap);
      Result r = tally.result(id, null);
      listener.deviceFinished(id, r);
      return r;
    }
  }

  private SessionKey key(String deviceId, CampaignPlan.Slot slot) {
    return new SessionKey(plan.campaign(), deviceId, slot.arch(), slot.slot());
  }

  /** One session: thermal guard and clocks, its model (prefetched), then the runner while the next models export. */
  private MeasuredSession measure(SessionKey key, int attempt, CampaignPlan.Slot slot, List<ArchRef> next,
      SessionOverlap overlap) throws DeviceException, InterruptedException {
    return withRetries(() -> {
      long t0 = System.nanoTime();
      ThermalReading r = thermal.coolDown(device);
      ClockReading clocks = device.clocks();
      times.add(PhaseTimes.Phase.THERMAL, System.nanoTime() - t0);
      listener.sessionStarting(key.deviceId(), slot, r.temperatureC());
      long t1 = System.nanoTime();
      ExportCache.Entry model;
      try {
        model = overlap.model(slot.arch());
      } catch (IOException | RuntimeException e) {
        return MeasuredSession.failed(key, attempt, r.temperatureC(), "export failed: " + e.getMessage());
      } finally {
        times.add(PhaseTimes.Phase.EXPORT, System.nanoTime() - t1);
      }
      next.forEach(overlap::prefetch);
      try {
        return runner.measure(device, key, attempt, r.temperatureC(), clocks, model, times,
            () -> beforeMeasuredRuns(overlap));
      } finally {
        overlap.releaseExports();
      }
    });
  }

  /**
   * Called as the runner's warm-ups end. Background work still running then shares the phone's host, which is
   * harmless and only counted; on the host it would share the runner's CPU, so exports are held at their next
   * checkpoint until the runner returns, and the runner waits here for that and for the pending commit.
   */
  private void beforeMeasuredRuns(SessionOverlap overlap) {
    if (!overlap.busy()) {
      return;
    }
    tally.overlapped++;
    if (device.sharesCollectorCpu()) {
      long t = System.nanoTime();
      try {
        overlap.holdForMeasuredRuns();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        times.add(PhaseTimes.Phase.HELD_FOR_BACKGROUND, System.nanoTime() - t);
      }
    }
  }

  /** Counts the session and commits it in the background once the previous commit is done. */
  private void commitLater(SessionOverlap overlap, String deviceId, MeasuredSession session) throws IOException {
    long started = System.nanoTime();
    tally.add(session);
    overlap.commitLater(() -> {
      writer.write(session);
      listener.sessionWritten(deviceId, session, System.nanoTime() - started);
    });
    times.add(PhaseTimes.Phase.COMMIT, System.nanoTime() - started);
  }

  private void awaitCommit(SessionOverlap overlap) throws IOException {
    long t = System.nanoTime();
    overlap.awaitCommit();
    times.add(PhaseTimes.Phase.COMMIT, System.nanoTime() - t);
  }

  /** What the worker did, for its {@link Result}. */
  private final class Tally {
    int written;
    int skipped;
    int failed;
    long runs;
    long inferenceNs;
    long measuredNs;
    long loadNs;
    long firstNs;
    int overlapped;

    void add(MeasuredSession session) {
      written++;
      if (!session.isOk()) {
        failed++;
        return;
      }
      loadNs += session.output().header().initNs();
      firstNs += session.output().header().firstInferenceNs();
      for (var run : session.output().runs()) {
        inferenceNs += run.latencyNs();
        measuredNs += run.warmup() ? 0 : run.latencyNs();
        runs++;
      }
    }

    Result result(String deviceId, String abortedBecause) {
      return new Result(deviceId, written, skipped, failed, runs, inferenceNs, measuredNs, loadNs, firstNs, times,
          overlapped, abortedBecause);
    }
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
