package dev.leti.collector.campaign;

import dev.leti.collector.session.MeasuredSession;

/** What a campaign reports as it goes (progress bars, the JSON log). Called from the device workers' threads. */
public interface CampaignListener {
  default void deviceStarted(String deviceId, int total, int alreadyDone) {}

  default void sessionStarting(String deviceId, CampaignPlan.Slot slot, Double temperatureC) {}

  default void sessionWritten(String deviceId, MeasuredSession session, long sessionNanos) {}

  default void deviceRetry(String deviceId, String reason, int retry, java.time.Duration wait) {}

  default void deviceFinished(String deviceId, DeviceWorker.Result result) {}

  /** Forwards every event to each listener in turn. */
  static CampaignListener all(CampaignListener... listeners) {
    return new CampaignListener() {
      @Override
      public void deviceStarted(String d, int total, int done) {
        for (CampaignListener l : listeners) {
          l.deviceStarted(d, total, done);
        }
      }

      @Override
      public void sessionStarting(String d, CampaignPlan.Slot slot, Double t) {
        for (CampaignListener l : listeners) {
          l.sessionStarting(d, slot, t);
        }
      }

      @Override
      public void sessionWritten(String d, MeasuredSession s, long ns) {
        for (CampaignListener l : listeners) {
          l.sessionWritten(d, s, ns);
        }
      }

      @Override
      public void deviceRetry(String d, String reason, int retry, java.time.Duration wait) {
        for (CampaignListener l : listeners) {
          l.deviceRetry(d, reason, retry, wait);
        }
      }

      @Override
      public void deviceFinished(String d, DeviceWorker.Result r) {
        for (CampaignListener l : listeners) {
          l.deviceFinished(d, r);
        }
      }
    };
  }
}
