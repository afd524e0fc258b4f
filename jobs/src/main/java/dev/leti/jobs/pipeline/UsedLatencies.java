package dev.leti.jobs.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The latencies of a session's used runs, ascending, packed as one binary value (8 bytes per latency, little
 * endian): Parquet writes one value per session instead of a repeated field of one value per run, which costs
 * about as much as a column of the runs.
 */
final class UsedLatencies {
  private UsedLatencies() {}

  static byte[] pack(double[] sorted) {
    ByteBuffer b = ByteBuffer.allocate(sorted.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(sorted);
    return b.array();
  }

  static double[] unpack(byte[] packed) {
    if (packed.length % Double.BYTES != 0) {
      throw new IllegalArgumentException("packed latencies of " + packed.length + " bytes: not a multiple of 8");
    }
    double[] x = new double[packed.length / Double.BYTES];
    ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(x);
    return x;
  }
}
