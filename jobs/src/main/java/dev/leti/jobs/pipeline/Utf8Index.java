package dev.leti.jobs.pipeline;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The position of each of a list of strings, found by hash: Spark's own strings as keys (no conversion to Java
 * strings per lookup) in a {@link Utf8Pool}, so a broadcast of hundreds of thousands of keys serialises quickly.
 * Open addressing, at most half full; a key's hash ({@link UTF8String#hashCode}) is compared before its bytes.
 */
final class Utf8Index implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Utf8Pool keys;
  private final int[] hash;
  /** Position + 1 per slot, 0 when free. */
  private final int[] slots;

  /** @param keys distinct (a repeated key finds its first position); null keys are never found */
  Utf8Index(List<UTF8String> keys) {
    this(new Utf8Pool(keys), hashes(keys), nulls(keys), null);
  }

  /**
   * @param hash each key's {@link UTF8String#hashCode}
   * @param absent positions left out (never found), or null for none
   * @param first when not null, gets for each position the first position of an equal key (itself when new; -1
   *     when absent)
   */
  Utf8Index(Utf8Pool keys, int[] hash, boolean[] absent, int[] first) {
    this.keys = keys;
    this.hash = hash;
    int n = hash.length;
    slots = new int[Integer.highestOneBit(Math.max(2, n) * 2) * 2];
    for (int i = 0; i < n; i++) {
      int at = -1;
      if (absent == null || !absent[i]) {
        int slot = slotOf(hash[i], null, i);
        if (slots[slot] == 0) {
          slots[slot] = i + 1;
        }
        at = slots[slot] - 1;
      }
      if (first != null) {
        first[i] = at;
      }
    }
  }

  private static boolean[] nulls(List<UTF8String> keys) {
    boolean[] absent = new boolean[keys.size()];
    for (int i = 0; i < absent.length; i++) {
      absent[i] = keys.get(i) == null;
    }
    return absent;
  }

  private static int[] hashes(List<UTF8String> keys) {
    int[] h = new int[keys.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = keys.get(i) == null ? 0 : keys.get(i).hashCode();
    }
    return h;
  }

  /** The key's position in the list, or -1. */
  int find(UTF8String key) {
    return slots[slotOf(key.hashCode(), key, -1)] - 1;
  }

  /**
   * The slot that holds a key equal to {@code key}, or when that is null to the key at {@code position}; or the
   * free slot where it would go.
   */
  private int slotOf(int h, UTF8String key, int position) {
    int mask = slots.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    while (slots[slot] != 0) {
      int p = slots[slot] - 1;
      if (hash[p] == h && (key != null ? keys.equalAt(p, key) : keys.equalAt(p, position))) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
