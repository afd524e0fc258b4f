package dev.leti.collector.device.fakeadb;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/** The bytes the adb server writes to a stream, as an InputStream that blocks until more come or the stream ends. */
final class StreamInput extends InputStream {
  private static final byte[] END = new byte[0];
  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;

  void offer(byte[] data) {
    if (data.length > 0) {
      chunks.add(data);
    }
  }

  void end() {
    chunks.add(END);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (pos == current.length) {
      if (ended) {
        return -1;
      }
      try {
        byte[] next = chunks.take();
        if (next == END) {
          ended = true;
        } else {
          current = next;
          pos = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}
