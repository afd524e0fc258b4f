package dev.leti.collector.campaign;

import dev.leti.collector.device.Device;
import dev.leti.collector.session.SessionBatchWriter;
import dev.leti.features.export.ExportCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a campaign on every device at once, one worker thread per device, and sums up what they did. */
public final class CampaignRunner {
  /** Per device results and the campaign's wall time. */
  public record Result(String campaign, List<DeviceWorker.Result> devices, long wallNanos) {
    public int written() {
      return devices.stream().mapToInt(DeviceWorker.Result::written).sum();
    }

    public int skipped() {
      return devices.stream().mapToInt(DeviceWorker.Result::skipped).sum();
    }

    public int failed() {
      return devices.stream().mapToInt(DeviceWorker.Result::failed).sum();
    }

    public long runs() {
      return devices.stream().mapToLong(DeviceWorker.Result::runs).sum();
    }

    public boolean complete() {
      return devices.stream().allMatch(d -> d.abortedBecause() == null);
    }

    /** One line: what the campaign did. */
    public String summary() {
      return "campaign=" + campaign + " devices=" + devices.size() + " sessions_written=" + written()
          + " sessions_skipped=" + skipped() + " sessions_failed=" + failed() + " runs=" + runs()
          + String.format(java.util.Locale.ROOT, " seconds=%.1f", wallNanos / 1e9)
          + (complete() ? "" : " incomplete=" + devices.stream().filter(d -> d.abortedBecause() != null)
              .map(DeviceWorker.Result::deviceId).toList());
    }
  }

  private final CampaignPlan plan;
  private final ExportCache exports;
  private final SessionBatchWriter writer;
  private final ThermalGuard thermal;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final boolean overlap;

  /** @param overlap export and commit in the background while sessions measure ({@link SessionOverlap}) */
  public CampaignRunner(CampaignPlan plan, ExportCache exports, SessionBatchWriter writer, ThermalGuard thermal,
      Backoff backoff, Sleeper sleeper, boolean overlap) {
    this.overlap = overlap;
    this.plan = plan;
    this.exports = exports;
    this.writer = writer;
    this.thermal = thermal;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  public Result run(List<Device> devices, CampaignListener listener) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, devices.size()), r -> {
      Thread t = new Thread(r, "leti-device-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      SessionRunner runner = new SessionRunner(plan);
      List<Future<DeviceWorker.Result>> futures = new ArrayList<>();
      for (Device d : devices) {
        futures.add(pool.submit(new DeviceWorker(d, plan, runner, writer, exports, overlap, thermal, backoff,
            sleeper, listener)));
      }
      List<DeviceWorker.Result> results = new ArrayList<>();
      for (Future<DeviceWorker.Result> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
      }
      return new Result(plan.campaign(), results, System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }
}
