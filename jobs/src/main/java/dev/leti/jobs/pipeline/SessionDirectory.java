package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The sessions table's description of each session, looked up by session id once per session in the pass (not
 * once per run, as a join would): the device, space and arch its runs must match, and the metadata the
 * {@code sessions} table carries. Primitive arrays and byte pools ({@link Utf8Index}, {@link Utf8Pool}), so a
 * broadcast of hundreds of thousands of sessions serialises quickly; the ids are hashed once, older descriptions
 * of a session (rare) stay in the arrays unused.
 */
final class SessionDirectory implements Serializable {
  private static final long serialVersionUID = 1L;
  static final SessionDirectory EMPTY = new SessionDirectory(new InternalRow[0], 0);
  /** The bits of {@link #nulls} that say the device, space or arch is missing. */
  private static final int KEY_NULLS = 8 | 16 | 32;

  /** Over every description's session id: a repeated id finds its first description. */
  private final Utf8Index ids;
  /** For the first description of each id, the newest one; the others are never looked at. */
  private final int[] newest;
  /** Device, space and arch of each description, in that order; a null one as an empty string, marked in nulls. */
  private final Utf8Pool expected;
  private final double[] initMs;
  private final double[] firstInferenceMs;
  private final long[] params;
  /** Bit 0: init_ms null, 1: first_inference_ms null, 2: params null, 3: device, 4: space, 5: arch null. */
  private final byte[] nulls;
  /** For each newest description: no other session's newest description names its device, space and arch. */
  private final boolean[] alone;
  /** Lines of the sessions table that could not be read (they describe nothing). */
  private final long unreadableLines;

  /**
   * @param rows (session_id, device_id, arch_space, arch_id, init_ms, first_inference_ms, params, batch_seq,
   *     source_line): every description, a session possibly more than once
   * @param unreadableLines lines of the table left out as unreadable
   */
  private SessionDirectory(InternalRow[] rows, long unreadableLines) {
    this.unreadableLines = unreadableLines;
    int n = rows.length;
    List<UTF8String> idList = new ArrayList<>(n);
    List<UTF8String> strings = new ArrayList<>(n * 3);
    initMs = new double[n];
    firstInferenceMs = new double[n];
    params = new long[n];
    nulls = new byte[n];
    for (int i = 0; i < n; i++) {
      InternalRow r = rows[i];
      idList.add(r.isNullAt(0) ? null : r.getUTF8String(0));
      int flags = 0;
      for (int k = 1; k <= 3; k++) {
        strings.add(r.isNullAt(k) ? UTF8String.EMPTY_UTF8 : r.getUTF8String(k));
        flags |= r.isNullAt(k) ? 1 << (k + 2) : 0;
      }
      initMs[i] = r.isNullAt(4) ? 0 : r.getDouble(4);
      firstInferenceMs[i] = r.isNullAt(5) ? 0 : r.getDouble(5);
      params[i] = r.isNullAt(6) ? 0 : r.getLong(6);
      nulls[i] = (byte) (flags | (r.isNullAt(4) ? 1 : 0) | (r.isNullAt(5) ? 2 : 0) | (r.isNullAt(6) ? 4 : 0));
    }
    ids = new Utf8Index(idList);
    expected = new Utf8Pool(strings);
    newest = new int[n];
    int[] firsts = new int[n];
    int sessions = 0;
    for (int i = 0; i < n; i++) {
      int first = idList.get(i) == null ? -1 : ids.find(idList.get(i));
      if (first == i) {
        newest[i] = i;
        firsts[sessions++] = i;
      } else if (first >= 0 && newer(rows[i], rows[newest[first]])) {
        newest[first] = i;
      }
    }
    alone = aloneOfTheirArch(Arrays.copyOf(firsts, sessions));
  }

  /**
   * Marks the newest descriptions whose (device, space, arch) no other session's newest description has, by a
   * 64-bit hash of the three: a collision only costs the pair its mark.
   */
  private boolean[] aloneOfTheirArch(int[] firsts) {
    long[] keys = new long[firsts.length];
    int described = 0;
    for (int first : firsts) {
      int e = newest[first];
      if ((nulls[e] & KEY_NULLS) == 0) {
        long h = 42;
        for (int k = 0; k < 3; k++) {
          UTF8String s = expected.get(e * 3 + k);
          h = XXH64.hashUnsafeBytes(s.getBaseObject(), s.getBaseOffset(), s.numBytes(), h);
        }
        keys[described++] = h;
      }
    }
    long[] sorted = Arrays.copyOf(keys, described);
    Arrays.sort(sorted);
    boolean[] marks = new boolean[nulls.length];
    described = 0;
    for (int first : firsts) {
      int e = newest[first];
      if ((nulls[e] & KEY_NULLS) == 0) {
        long h = keys[described++];
        int at = Arrays.binarySearch(sorted, h);
        marks[e] = (at == 0 || sorted[at - 1] != h) && (at == sorted.length - 1 || sorted[at + 1] != h);
      }
    }
    return marks;
  }

  /**
   * Collects the descriptions of sessions to the driver; each session's newest counts: the later batch (when they
   * carry {@code batch_seq}), then the later source line. Lines with a {@code parse_error} describe nothing: they
   * are only counted ({@link #unreadableLines}), so the pipeline needs no second read of the table for them.
   */
  static SessionDirectory of(Dataset<Row> sessions) {
    List<String> columns = List.of(sessions.columns());
    InternalRow[] rows = sessions.select(col(SESSION_ID), col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID),
        col(INIT_MS), col(FIRST_INFERENCE_MS), col(PARAMS),
        columns.contains(RawInputs.BATCH_SEQ) ? col(RawInputs.BATCH_SEQ) : lit(0),
        columns.contains(SOURCE_LINE) ? coalesce(col(SOURCE_LINE), lit(0L)) : lit(0L),
        columns.contains(PARSE_ERROR) ? col(PARSE_ERROR).isNotNull() : lit(false))
        .queryExecution().executedPlan().executeCollect();
    InternalRow[] readable = Arrays.stream(rows).filter(r -> !r.getBoolean(9)).toArray(InternalRow[]::new);
    return new SessionDirectory(readable, rows.length - readable.length);
  }

  /**
   * {@link #of} in a thread of its own (its Spark job in the caller's job group): the driver collects and builds
   * the directory while the pipeline reads the spaces and their features (at 10M runs 444,800 sessions, about 1 s).
   */
  static CompletableFuture<SessionDirectory> inBackground(Dataset<Row> sessions) {
    CompletableFuture<SessionDirectory> directory = new CompletableFuture<>();
    Thread builder = new Thread(() -> {
      try {
        directory.complete(of(sessions));
      } catch (Throwable e) {
        directory.completeExceptionally(e);
      }
    }, "leti-session-directory");
    builder.setDaemon(true);
    builder.start();
    return directory;
  }

  /** The directory {@link #inBackground} builds, once built; its failure as thrown there. */
  static SessionDirectory await(CompletableFuture<SessionDirectory> directory) {
    try {
      return directory.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static boolean newer(InternalRow a, InternalRow b) {
    int seq = Integer.compare(a.getInt(7), b.getInt(7));
    return seq > 0 || seq == 0 && a.getLong(8) > b.getLong(8);
  }

  /** Lines of the sessions table that could not be read. */
  long unreadableLines() {
    return unreadableLines;
  }

  /** The entry of a session, or -1 when the sessions table does not describe it. */
  int find(UTF8String sessionId) {
    int first = ids.find(sessionId);
    return first < 0 ? -1 : newest[first];
  }

  /**
   * The device, space and arch the session's runs must match, or null when unknown: no entry, or no device in it.
   * A null space or arch stays null, so no run matches it.
   */
  UTF8String[] expected(int entry) {
    if (entry < 0 || (nulls[entry] & 8) != 0) {
      return null;
    }
    UTF8String[] v = new UTF8String[3];
    for (int k = 0; k < 3; k++) {
      v[k] = (nulls[entry] & (8 << k)) != 0 ? null : expected.get(entry * 3 + k);
    }
    return v;
  }

  /**
   * Whether the entry is the only session described for its device, space and arch: its medians need no other
   * session's runs. False for no entry.
   */
  boolean alone(int entry) {
    return entry >= 0 && alone[entry];
  }

  /** init_ms, first_inference_ms and params of the session (nulls when unknown). */
  Object[] metadata(int entry) {
    if (entry < 0) {
      return new Object[3];
    }
    return new Object[] {(nulls[entry] & 1) != 0 ? null : initMs[entry],
        (nulls[entry] & 2) != 0 ? null : firstInferenceMs[entry], (nulls[entry] & 4) != 0 ? null : params[entry]};
  }
}
