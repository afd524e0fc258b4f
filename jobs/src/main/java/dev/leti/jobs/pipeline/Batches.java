package dev.leti.jobs.pipeline;

import dev.leti.lake.BatchLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Batch ids and the version stamped on what leti writes. */
final class Batches {
  private Batches() {}

  /** {@code <kind>-<16 hex>}: a hash of the kind and the content hashes of the inputs, in order. */
  static String idFor(String kind, List<BatchLog.Source> sources) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(kind.getBytes(StandardCharsets.UTF_8));
      for (BatchLog.Source s : sources) {
        sha.update((byte) 0);
        sha.update(s.sha256().getBytes(StandardCharsets.US_ASCII));
      }
      return kind + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform provides SHA-256", e);
    }
  }

  static String letiVersion() {
    String v = Batches.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
