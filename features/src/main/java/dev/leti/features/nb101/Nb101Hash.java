package dev.leti.features.nb101;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The official NAS-Bench-101 graph hash ({@code graph_util.hash_module}), bit for bit:
 *
 * <ol>
 *   <li>vertex v starts as md5 of Python's {@code str((out_degree, in_degree, label))}, e.g. {@code "(1, 0, -1)"};
 *   <li>V synchronous rounds: md5 of the sorted in-neighbour hashes joined, '|', the sorted out-neighbour hashes
 *       joined, '|', the vertex's own hash (all as 32-char lower-case hex);
 *   <li>the cell hash is md5 of Python's {@code str(sorted(hashes))}: {@code ['h0', 'h1', ...]}.
 * </ol>
 *
 * It works on ASCII hex bytes in reused buffers because enumerating the space hashes millions of messages.
 * One instance per thread.
 */
final class Nb101Hash {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DEGREE = Nb101Cell.MAX_VERTICES;
  /** Initial vertex hashes by [out degree][in degree][label + 2]. */
  private static final byte[][][][] INITIAL = new byte[MAX_DEGREE][MAX_DEGREE][5][];
  private static final ThreadLocal<Nb101Hash> PER_THREAD = ThreadLocal.withInitial(Nb101Hash::new);

  static {
    Nb101Hash h = new Nb101Hash();
    for (int out = 0; out < MAX_DEGREE; out++) {
      for (int in = 0; in < MAX_DEGREE; in++) {
        for (int label = -2; label <= 2; label++) {
          byte[] text = ("(" + out + ", " + in + ", " + label + ")").getBytes(StandardCharsets.US_ASCII);
          byte[] hex = new byte[32];
          h.md5Hex(text, text.length, hex);
          INITIAL[out][in][label + 2] = hex;
        }
      }
    }
  }

  private final MessageDigest md5;
  private final byte[] digest = new byte[16];
  private final byte[] message = new byte[2 * MAX_DEGREE * 32 + 64 + MAX_DEGREE * 36 + 8];
  private byte[][] current = new byte[MAX_DEGREE][32];
  private byte[][] next = new byte[MAX_DEGREE][32];
  private final int[][] in = new int[MAX_DEGREE][MAX_DEGREE];
  private final int[][] out = new int[MAX_DEGREE][MAX_DEGREE];
  private final int[] inCount = new int[MAX_DEGREE];
  private final int[] outCount = new int[MAX_DEGREE];
  private final byte[][] sorted = new byte[MAX_DEGREE][];

  private Nb101Hash() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform provides MD5", e);
    }
  }

  /** A hasher of one's own, for a thread that hashes many graphs. */
  static Nb101Hash newInstance() {
    return new Nb101Hash();
  }

  static String of(Nb101Cell cell) {
    return PER_THREAD.get().hash(cell.vertices(), cell.adjacencyBits(), cell.labels());
  }

  /** Hash of a pruned graph given as a mask in {@link UpperTriangle} layout and interior labels (0..2). */
  String hash(int v, int bits, byte[] labels) {
    Arrays.fill(inCount, 0);
    Arrays.fill(outCount, 0);
    for (int rest = bits; rest != 0; rest &= rest - 1) {
      int b = Integer.numberOfTrailingZeros(rest);
      int x = UpperTriangle.from(b);
      int y = UpperTriangle.to(b);
      out[x][outCount[x]++] = y;
      in[y][inCount[y]++] = x;
    }
    for (int i = 0; i < v; i++) {
      int label = i == 0 ? -1 : i == v - 1 ? -2 : labels[i - 1];
      System.arraycopy(INITIAL[outCount[i]][inCount[i]][label + 2], 0, current[i], 0, 32);
    }
    for (int round = 0; round < v; round++) {
      for (int i = 0; i < v; i++) {
        int len = appendSorted(in[i], inCount[i], 0);
        message[len++] = '|';
        len = appendSorted(out[i], outCount[i], len);
        message[len++] = '|';
        System.arraycopy(current[i], 0, message, len, 32);
        md5Hex(message, len + 32, next[i]);
      }
      byte[][] t = current;
      current = next;
      next = t;
    }
    for (int i = 0; i < v; i++) {
      sorted[i] = current[i];
    }
    Arrays.sort(sorted, 0, v, Arrays::compare);
    int len = 0;
    message[len++] = '[';
    for (int i = 0; i < v; i++) {
      if (i > 0) {
        message[len++] = ',';
        message[len++] = ' ';
      }
      message[len++] = '\'';
      System.arraycopy(sorted[i], 0, message, len, 32);
      len += 32;
      message[len++] = '\'';
    }
    message[len++] = ']';
    byte[] hex = new byte[32];
    md5Hex(message, len, hex);
    return new String(hex, StandardCharsets.US_ASCII);
  }

  /** Appends the current hashes of the given vertices, sorted as strings, at {@code pos}. */
  private int appendSorted(int[] vertices, int count, int pos) {
    for (int i = 0; i < count; i++) {
      sorted[i] = current[vertices[i]];
    }
    // insertion sort: at most six entries
    for (int i = 1; i < count; i++) {
      byte[] key = sorted[i];
      int j = i - 1;
      while (j >= 0 && Arrays.compare(sorted[j], key) > 0) {
        sorted[j + 1] = sorted[j];
        j--;
      }
      sorted[j + 1] = key;
    }
    for (int i = 0; i < count; i++) {
      System.arraycopy(sorted[i], 0, message, pos, 32);
      pos += 32;
    }
    return pos;
  }

  private void md5Hex(byte[] text, int length, byte[] hexOut) {
    md5.update(text, 0, length);
    try {
      md5.digest(digest, 0, 16);
    } catch (java.security.DigestException e) {
      throw new AssertionError("a 16-byte buffer always holds an MD5 digest", e);
    }
    for (int i = 0; i < 16; i++) {
      hexOut[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hexOut[2 * i + 1] = HEX[digest[i] & 0xf];
    }
  }
}
