package dev.leti.collector.session;

import dev.leti.lake.BatchLog;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a campaign already committed on one device, read from the commit log: the session keys done (an ok
 * session) and the failed attempts of the others, so a restart skips the first and numbers new attempts after the
 * second.
 */
public final class CommittedSessions {
  private final Set<String> done = new HashSet<>();
  private final Map<String, Integer> failedAttempts = new HashMap<>();

  public static CommittedSessions read(BatchLog log, String campaign, String deviceId) throws IOException {
    CommittedSessions c = new CommittedSessions();
    String prefix = SessionKey.devicePrefix(campaign, deviceId);
    for (BatchLog.Commit commit : log.committed()) {
      if (!SessionBatchWriter.KIND_SESSION.equals(commit.kind()) || !commit.batchId().startsWith(prefix)) {
        continue;
      }
      String key = SessionKey.keyOf(commit.batchId());
      if (key == null) {
        continue;
      }
      if (commit.rows().getOrDefault(SessionBatchWriter.ROWS_FAILED, 0L) == 0L) {
        c.done.add(key);
      } else {
        c.failedAttempts.merge(key, 1, Integer::sum);
      }
    }
    return c;
  }

  public boolean isDone(SessionKey key) {
    return done.contains(key.value());
  }

  /** The attempt number of the next try (0 when none failed). */
  public int nextAttempt(SessionKey key) {
    return failedAttempts.getOrDefault(key.value(), 0);
  }

  public int doneCount() {
    return done.size();
  }
}
