package dev.leti.jobs.pipeline;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The position of each of a list of strings, found by hash: Spark's own strings as keys (no conversion to Java
 * strings per lookup) in a {@link Utf8Pool}, so a broadcast of hundreds of thousands of keys serialises quickly.
 * Open addressing, at most half full; a key's hash is compared before its bytes.
 */
final class Utf8Index implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Utf8Pool keys;
  private final int[] hash;
  /** Position + 1 per slot, 0 when free. */
  private final int[] slots;

  /** @param keys distinct (a repeated key finds its first position); null keys are never found */
  Utf8Index(List<UTF8String> keys) {
    this.keys = new Utf8Pool(keys);
    int n = keys.size();
    hash = new int[n];
    slots = new int[Integer.highestOneBit(Math.max(2, n) * 2) * 2];
    for (int i = 0; i < n; i++) {
      UTF8String k = keys.get(i);
      if (k != null) {
        hash[i] = k.hashCode();
        int slot = slotOf(k, hash[i]);
        if (slots[slot] == 0) {
          slots[slot] = i + 1;
        }
      }
    }
  }

  /** The key's position in the list, or -1. */
  int find(UTF8String key) {
    return slots[slotOf(key, key.hashCode())] - 1;
  }

  /** The slot that holds the key, or the free slot where it would go. */
  private int slotOf(UTF8String key, int h) {
    int mask = slots.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    while (slots[slot] != 0) {
      int p = slots[slot] - 1;
      if (hash[p] == h && keys.get(p).equals(key)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
