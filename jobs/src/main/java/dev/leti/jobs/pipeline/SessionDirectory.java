package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The sessions table's description of each session, looked up by session id once per session in the pass (not
 * once per run, as a join would): the device, space and arch its runs must match, and the metadata the
 * {@code sessions} table carries. Primitive arrays and byte pools ({@link Utf8Index}, {@link Utf8Pool}), so a
 * broadcast of hundreds of thousands of sessions serialises quickly; a device, space or arch is a number in a
 * table of the distinct names. Each partition of the sessions table is read into such arrays where it lies
 * ({@link Part}), ids hashed there; the driver only joins the parts. Older descriptions of a session (rare) stay
 * in the arrays unused.
 */
final class SessionDirectory implements Serializable {
  private static final long serialVersionUID = 1L;
  static final SessionDirectory EMPTY = new SessionDirectory(List.of());
  private static final int INIT_NULL = 1;
  private static final int FIRST_INFERENCE_NULL = 2;
  private static final int PARAMS_NULL = 4;

  /** Over every description's session id: a repeated id finds its first description. */
  private final Utf8Index ids;
  /** For the first description of each id, the newest one; the others are never looked at. */
  private final int[] newest;
  /** Device, space and arch of each description as positions in {@link #names}, in that order; -1 when null. */
  private final int[] key;
  /** The distinct devices, spaces and archs named (one table: a position says which string). */
  private final Utf8Pool names;
  private final double[] initMs;
  private final double[] firstInferenceMs;
  private final long[] params;
  /** Which of the metadata are null: {@link #INIT_NULL}, {@link #FIRST_INFERENCE_NULL}, {@link #PARAMS_NULL}. */
  private final byte[] nulls;
  /** For each newest description: no other session's newest description names its device, space and arch. */
  private final boolean[] alone;
  /** Lines of the sessions table that could not be read (they describe nothing). */
  private final long unreadableLines;

  /** Joins the parts of a sessions table read partition by partition, in partition order. */
  private SessionDirectory(List<Part> parts) {
    int n = 0;
    long unreadable = 0;
    for (Part p : parts) {
      n += p.size;
      unreadable += p.unreadable;
    }
    unreadableLines = unreadable;
    int[] hash = new int[n];
    int[] batchSeq = new int[n];
    long[] sourceLine = new long[n];
    key = new int[3 * n];
    initMs = new double[n];
    firstInferenceMs = new double[n];
    params = new long[n];
    nulls = new byte[n];
    Map<UTF8String, Integer> distinct = new HashMap<>();
    Utf8Pool.Builder distinctNames = new Utf8Pool.Builder();
    int at = 0;
    for (Part p : parts) {
      // the part's own numbering of names, to this directory's
      int[] renumber = new int[p.names.size()];
      for (int i = 0; i < renumber.length; i++) {
        UTF8String name = p.names.get(i);
        renumber[i] = distinct.computeIfAbsent(name, x -> distinctNames.add(x));
      }
      for (int i = 0; i < p.size; i++) {
        for (int k = 0; k < 3; k++) {
          int local = p.key[3 * i + k];
          key[3 * (at + i) + k] = local < 0 ? -1 : renumber[local];
        }
      }
      System.arraycopy(p.hash, 0, hash, at, p.size);
      System.arraycopy(p.batchSeq, 0, batchSeq, at, p.size);
      System.arraycopy(p.sourceLine, 0, sourceLine, at, p.size);
      System.arraycopy(p.initMs, 0, initMs, at, p.size);
      System.arraycopy(p.firstInferenceMs, 0, firstInferenceMs, at, p.size);
      System.arraycopy(p.params, 0, params, at, p.size);
      System.arraycopy(p.nulls, 0, nulls, at, p.size);
      at += p.size;
    }
    names = distinctNames.build();
    int[] first = new int[n];
    ids = new Utf8Index(Utf8Pool.concat(parts.stream().map(p -> p.ids).toList()), hash, null, first);
    newest = new int[n];
    int[] firsts = new int[n];
    int sessions = 0;
    for (int i = 0; i < n; i++) {
      if (first[i] == i) {
        newest[i] = i;
        firsts[sessions++] = i;
      } else {
        int e = newest[first[i]];
        int seq = Integer.compare(batchSeq[i], batchSeq[e]);
        if (seq > 0 || seq == 0 && sourceLine[i] > sourceLine[e]) { // the later batch, then the later line
          newest[first[i]] = i;
        }
      }
    }
    alone = aloneOfTheirArch(Arrays.copyOf(firsts, sessions));
  }

  /**
   * Marks the newest descriptions whose (device, space, arch) no other session's newest description has: each
   * triple as one number (the device and space pair numbered densely, times the names, plus the arch), sorted.
   */
  private boolean[] aloneOfTheirArch(int[] firsts) {
    long[] keys = new long[firsts.length];
    int described = 0;
    long count = names.size();
    Map<Long, Long> pairs = new HashMap<>();
    for (int first : firsts) {
      int e = newest[first];
      if (namesAll(e)) {
        long pair = pairs.computeIfAbsent(key[3 * e] * count + key[3 * e + 1], x -> (long) pairs.size());
        keys[described++] = pair * count + key[3 * e + 2];
      }
    }
    long[] sorted = Arrays.copyOf(keys, described);
    Arrays.sort(sorted);
    boolean[] marks = new boolean[nulls.length];
    described = 0;
    for (int first : firsts) {
      int e = newest[first];
      if (namesAll(e)) {
        long h = keys[described++];
        int found = Arrays.binarySearch(sorted, h);
        marks[e] = (found == 0 || sorted[found - 1] != h) && (found == sorted.length - 1 || sorted[found + 1] != h);
      }
    }
    return marks;
  }

  /** Whether the description names its device, space and arch (a session's runs then need no other's). */
  private boolean namesAll(int entry) {
    return key[3 * entry] >= 0 && key[3 * entry + 1] >= 0 && key[3 * entry + 2] >= 0;
  }

  /**
   * The descriptions in one partition of the sessions table, read where they lie: ids pooled and hashed, names
   * numbered within the part. Lines without a session id describe nothing and are left out; unreadable lines are
   * only counted.
   */
  private static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    private int size;
    private long unreadable;
    private Utf8Pool ids;
    private int[] hash = new int[256];
    private int[] key = new int[3 * 256];
    private Utf8Pool names;
    private int[] batchSeq = new int[256];
    private long[] sourceLine = new long[256];
    private double[] initMs = new double[256];
    private double[] firstInferenceMs = new double[256];
    private long[] params = new long[256];
    private byte[] nulls = new byte[256];

    /**
     * @param rows (session_id, device_id, arch_space, arch_id, init_ms, first_inference_ms, params, batch_seq,
     *     source_line, unreadable)
     */
    static Part of(Iterator<InternalRow> rows) {
      Part p = new Part();
      Utf8Pool.Builder ids = new Utf8Pool.Builder();
      Utf8Pool.Builder names = new Utf8Pool.Builder();
      Map<UTF8String, Integer> numbered = new HashMap<>();
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        if (r.getBoolean(9)) {
          p.unreadable++;
          continue;
        }
        if (r.isNullAt(0)) {
          continue; // a description of no session: nothing can find it
        }
        p.grow();
        int i = p.size++;
        UTF8String id = r.getUTF8String(0);
        ids.add(id);
        p.hash[i] = id.hashCode();
        for (int k = 0; k < 3; k++) {
          p.key[3 * i + k] = r.isNullAt(1 + k) ? -1 : number(r.getUTF8String(1 + k), numbered, names);
        }
        p.initMs[i] = r.isNullAt(4) ? 0 : r.getDouble(4);
        p.firstInferenceMs[i] = r.isNullAt(5) ? 0 : r.getDouble(5);
        p.params[i] = r.isNullAt(6) ? 0 : r.getLong(6);
        p.nulls[i] = (byte) ((r.isNullAt(4) ? INIT_NULL : 0) | (r.isNullAt(5) ? FIRST_INFERENCE_NULL : 0)
            | (r.isNullAt(6) ? PARAMS_NULL : 0));
        p.batchSeq[i] = r.getInt(7);
        p.sourceLine[i] = r.getLong(8);
      }
      p.ids = ids.build();
      p.names = names.build();
      p.trim();
      return p;
    }

    /** The name's number in the part; a new name is copied, as the row's bytes are reused. */
    private static int number(UTF8String name, Map<UTF8String, Integer> numbered, Utf8Pool.Builder names) {
      Integer n = numbered.get(name);
      if (n == null) {
        UTF8String copy = name.clone();
        n = names.add(copy);
        numbered.put(copy, n);
      }
      return n;
    }

    private void grow() {
      if (size == hash.length) {
        resize(size * 2);
      }
    }

    private void trim() {
      resize(size);
    }

    private void resize(int length) {
      hash = Arrays.copyOf(hash, length);
      key = Arrays.copyOf(key, 3 * length);
      batchSeq = Arrays.copyOf(batchSeq, length);
      sourceLine = Arrays.copyOf(sourceLine, length);
      initMs = Arrays.copyOf(initMs, length);
      firstInferenceMs = Arrays.copyOf(firstInferenceMs, length);
      params = Arrays.copyOf(params, length);
      nulls = Arrays.copyOf(nulls, length);
    }
  }

  /**
   * Reads the descriptions of sessions partition by partition and joins them on the driver; each session's newest
   * counts: the later batch (when they carry {@code batch_seq}), then the later source line. Lines with a
   * {@code parse_error} describe nothing: they are only counted ({@link #unreadableLines}), so the pipeline needs no
   * second read of the table for them.
   */
  static SessionDirectory of(Dataset<Row> sessions) {
    List<String> columns = List.of(sessions.columns());
    Dataset<Row> lines = sessions.select(col(SESSION_ID), col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID),
        col(INIT_MS), col(FIRST_INFERENCE_MS), col(PARAMS),
        columns.contains(RawInputs.BATCH_SEQ) ? col(RawInputs.BATCH_SEQ) : lit(0),
        columns.contains(SOURCE_LINE) ? coalesce(col(SOURCE_LINE), lit(0L)) : lit(0L),
        columns.contains(PARSE_ERROR) ? col(PARSE_ERROR).isNotNull() : lit(false));
    return new SessionDirectory(lines.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> List.of(Part.of(rows)).iterator()).collect());
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
    if (entry < 0 || key[3 * entry] < 0) {
      return null;
    }
    UTF8String[] v = new UTF8String[3];
    for (int k = 0; k < 3; k++) {
      int name = key[3 * entry + k];
      v[k] = name < 0 ? null : names.get(name);
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
    return new Object[] {(nulls[entry] & INIT_NULL) != 0 ? null : initMs[entry],
        (nulls[entry] & FIRST_INFERENCE_NULL) != 0 ? null : firstInferenceMs[entry],
        (nulls[entry] & PARAMS_NULL) != 0 ? null : params[entry]};
  }
}
