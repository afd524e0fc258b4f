package dev.leti.collector.campaign;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where a device worker's wall time goes, phase by phase, so a benchmark can say what is not inference. Phases
 * done on a background thread (a prefetched export, a deferred commit) count only the time the worker waited for
 * them, which is what they add to the campaign's wall time. Safe to add to from several threads.
 */
public final class PhaseTimes {
  /** The phases of a session as the device worker sees them. */
  public enum Phase {
    /** The device's metadata, its devices row and reading what the lake already holds. */
    DEVICE_START,
    /** Reading the device's temperature and clocks, and any cool-down wait. */
    THERMAL,
    /** Exporting the model (or waiting for its prefetch). */
    EXPORT,
    /** Pushing the model and the runner, or checking they are there. */
    INSTALL,
    /** The runner: model load, first inference, warm-up and measured runs, its output and its exit. */
    RUNNER,
    /**
     * Part of RUNNER on the host: the runner held after its warm-ups until the pending commit is done and the
     * exports wait at a checkpoint, so that no measured run shares the CPU with background work.
     */
    HELD_FOR_BACKGROUND,
    /** Writing and committing the session's batch (or waiting for the previous one's commit). */
    COMMIT
  }

  private final AtomicLongArray nanos = new AtomicLongArray(Phase.values().length);

  public void add(Phase phase, long ns) {
    nanos.addAndGet(phase.ordinal(), ns);
  }

  public long nanos(Phase phase) {
    return nanos.get(phase.ordinal());
  }

  public Map<Phase, Long> snapshot() {
    Map<Phase, Long> out = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      out.put(p, nanos(p));
    }
    return out;
  }
}
