package dev.leti.jobs.pipeline;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/** Strings by position in one byte array: a broadcast of many serialises as fast as one array. */
final class Utf8Pool implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private final int[] start;

  /** @param strings a null one is kept as the empty string */
  Utf8Pool(List<UTF8String> strings) {
    int n = strings.size();
    start = new int[n + 1];
    long total = 0;
    for (UTF8String s : strings) {
      total += s == null ? 0 : s.numBytes();
    }
    bytes = new byte[Math.toIntExact(total)];
    for (int i = 0; i < n; i++) {
      UTF8String s = strings.get(i);
      int at = start[i];
      if (s != null) {
        s.writeToMemory(bytes, Platform.BYTE_ARRAY_OFFSET + at);
        at += s.numBytes();
      }
      start[i + 1] = at;
    }
  }

  /** A view of the pool, which never changes. */
  UTF8String get(int position) {
    return UTF8String.fromBytes(bytes, start[position], start[position + 1] - start[position]);
  }
}
