package dev.leti.jobs.pipeline;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;

/** Strings by position in one byte array: a broadcast of many serialises as fast as one array. */
final class Utf8Pool implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private final int[] start;

  private Utf8Pool(byte[] bytes, int[] start) {
    this.bytes = bytes;
    this.start = start;
  }

  /** @param strings a null one is kept as the empty string */
  Utf8Pool(List<UTF8String> strings) {
    Builder b = new Builder();
    for (UTF8String s : strings) {
      b.add(s);
    }
    Utf8Pool built = b.build();
    this.bytes = built.bytes;
    this.start = built.start;
  }

  /** The strings of the pools one after another. */
  static Utf8Pool concat(List<Utf8Pool> pools) {
    int count = 0;
    long total = 0;
    for (Utf8Pool p : pools) {
      count += p.size();
      total += p.bytes.length;
    }
    byte[] bytes = new byte[Math.toIntExact(total)];
    int[] start = new int[count + 1];
    int at = 0;
    int k = 0;
    for (Utf8Pool p : pools) {
      System.arraycopy(p.bytes, 0, bytes, at, p.bytes.length);
      for (int i = 1; i <= p.size(); i++) {
        start[++k] = at + p.start[i];
      }
      at += p.bytes.length;
    }
    return new Utf8Pool(bytes, start);
  }

  int size() {
    return start.length - 1;
  }

  /** A view of the pool, which never changes. */
  UTF8String get(int position) {
    return UTF8String.fromBytes(bytes, start[position], start[position + 1] - start[position]);
  }

  /** Whether the string at the position has the bytes of {@code s}; no view is made. */
  boolean equalAt(int position, UTF8String s) {
    int length = start[position + 1] - start[position];
    return length == s.numBytes() && ByteArrayMethods.arrayEquals(bytes,
        Platform.BYTE_ARRAY_OFFSET + start[position], s.getBaseObject(), s.getBaseOffset(), length);
  }

  /** Whether two positions hold the same string. */
  boolean equalAt(int a, int b) {
    int length = start[a + 1] - start[a];
    return length == start[b + 1] - start[b] && ByteArrayMethods.arrayEquals(bytes,
        Platform.BYTE_ARRAY_OFFSET + start[a], bytes, Platform.BYTE_ARRAY_OFFSET + start[b], length);
  }

  /** A pool filled string by string; the strings' bytes are copied as they come. */
  static final class Builder {
    private byte[] bytes = new byte[1024];
    private int[] start = new int[65];
    private int count;

    /** Adds a string (null as the empty string) and returns its position. */
    int add(UTF8String s) {
      int length = s == null ? 0 : s.numBytes();
      int at = start[count];
      if (at + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + length));
      }
      if (count + 2 > start.length) {
        start = Arrays.copyOf(start, start.length * 2);
      }
      if (s != null) {
        s.writeToMemory(bytes, Platform.BYTE_ARRAY_OFFSET + at);
      }
      start[count + 1] = at + length;
      return count++;
    }

    Utf8Pool build() {
      return new Utf8Pool(Arrays.copyOf(bytes, start[count]), Arrays.copyOf(start, count + 1));
    }
  }
}
