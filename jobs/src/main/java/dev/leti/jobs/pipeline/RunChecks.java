package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What a run is checked against besides itself: the known devices, the valid archs of each space and the sessions
 * table ({@link SessionDirectory}); and, for runs read without {@code batch_seq}, the committed batches in commit
 * order. Built on the driver and broadcast; the pass asks once per device, arch, session or batch it meets, not
 * once per run.
 */
final class RunChecks implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Checks a run on its own fields only: every device and arch is accepted, no session is described. */
  static final RunChecks NONE = new RunChecks(null, null, SessionDirectory.EMPTY, null);

  /** Null: every device is known. */
  private final Utf8Index devices;
  /** Valid arch ids by space; null: every arch is valid. */
  private final Map<UTF8String, Utf8Index> archs;
  private final SessionDirectory sessions;
  /** Committed batch ids, in commit order (the position is the batch_seq); null when the runs carry batch_seq. */
  private final Utf8Index batches;

  private RunChecks(Utf8Index devices, Map<UTF8String, Utf8Index> archs, SessionDirectory sessions,
      Utf8Index batches) {
    this.devices = devices;
    this.archs = archs;
    this.sessions = sessions;
    this.batches = batches;
  }

  /**
   * @param sessions descriptions of sessions (may be empty; the newest of each counts, see SessionDirectory#of)
   * @param devices newest description per device
   * @param validArchs (arch_space, arch_id) of every valid arch of the spaces present
   * @param committedBatches the batch ids in commit order, for runs read without batch_seq; or null
   */
  static RunChecks of(Dataset<Row> sessions, Dataset<Row> devices, Dataset<Row> validArchs,
      List<String> committedBatches) {
    return of(() -> SessionDirectory.of(sessions), devices, validArchs, committedBatches);
  }

  /** As above; the sessions' directory is taken last: it may be built meanwhile (SessionDirectory#inBackground). */
  static RunChecks of(Supplier<SessionDirectory> sessions, Dataset<Row> devices, Dataset<Row> validArchs,
      List<String> committedBatches) {
    Map<UTF8String, List<UTF8String>> ids = new HashMap<>();
    for (InternalRow r : validArchs.select(ARCH_SPACE, ARCH_ID).queryExecution().executedPlan().executeCollect()) {
      ids.computeIfAbsent(r.getUTF8String(0), s -> new ArrayList<>()).add(r.getUTF8String(1));
    }
    return of(sessions, devices, ids, committedBatches);
  }

  /**
   * As above, with the valid arch ids at hand.
   *
   * @param validArchs the arch ids of each space present, every other space's archs invalid
   */
  static RunChecks of(Supplier<SessionDirectory> sessions, Dataset<Row> devices,
      Map<UTF8String, List<UTF8String>> validArchs, List<String> committedBatches) {
    List<UTF8String> known = new ArrayList<>();
    for (InternalRow r : devices.select(DEVICE_ID).queryExecution().executedPlan().executeCollect()) {
      known.add(r.isNullAt(0) ? null : r.getUTF8String(0));
    }
    Map<UTF8String, Utf8Index> valid = new HashMap<>();
    validArchs.forEach((space, archIds) -> valid.put(space, new Utf8Index(archIds)));
    Utf8Index order = null;
    if (committedBatches != null) {
      order = new Utf8Index(committedBatches.stream().map(UTF8String::fromString).toList());
    }
    return new RunChecks(new Utf8Index(known), valid, sessions.get(), order);
  }

  boolean knownDevice(UTF8String device) {
    return devices == null || devices.find(device) >= 0;
  }

  boolean validArch(UTF8String space, UTF8String arch) {
    if (archs == null) {
      return true;
    }
    Utf8Index ids = archs.get(space);
    return ids != null && ids.find(arch) >= 0;
  }

  SessionDirectory sessions() {
    return sessions;
  }

  /** The batch's position in commit order; for runs read without batch_seq. */
  int batchSeq(UTF8String batchId) {
    int seq = batches == null ? -1 : batches.find(batchId);
    if (seq < 0) {
      throw new IllegalStateException("batch " + batchId + " is not a committed batch of this run");
    }
    return seq;
  }
}
