package dev.leti.collector.device.fakeadb;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One message of the adb transport protocol: a 24-byte header of six little-endian 32-bit words (command, arg0,
 * arg1, payload length, payload checksum, command ^ 0xffffffff) and the payload. The checksum is the byte sum of
 * the payload, which protocol version 0x01000000 checks and 0x01000001 ignores.
 */
record AdbMessage(int command, int arg0, int arg1, byte[] payload) {
  static final int CNXN = 0x4e584e43;
  static final int OPEN = 0x4e45504f;
  static final int OKAY = 0x59414b4f;
  static final int WRTE = 0x45545257;
  static final int CLSE = 0x45534c43;
  static final int AUTH = 0x48545541;
  static final int HEADER_BYTES = 24;

  static AdbMessage of(int command, int arg0, int arg1, String payload) {
    return new AdbMessage(command, arg0, arg1, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** The next message, or null at the end of the stream; a header that does not check out is an IOException. */
  static AdbMessage read(InputStream in, int maxPayload) throws IOException {
    byte[] header = new byte[HEADER_BYTES];
    DataInputStream data = new DataInputStream(in);
    try {
      data.readFully(header);
    } catch (EOFException e) {
      return null;
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    int command = h.getInt();
    int arg0 = h.getInt();
    int arg1 = h.getInt();
    int length = h.getInt();
    int checksum = h.getInt();
    int magic = h.getInt();
    if (magic != ~command) {
      throw new IOException("bad adb header: magic " + Integer.toHexString(magic) + " for command "
          + name(command));
    }
    if (length < 0 || length > maxPayload) {
      throw new IOException("adb payload of " + length + " bytes exceeds " + maxPayload);
    }
    byte[] payload = new byte[length];
    data.readFully(payload);
    if (checksum != 0 && checksum != checksum(payload)) {
      throw new IOException("adb payload checksum mismatch in " + name(command));
    }
    return new AdbMessage(command, arg0, arg1, payload);
  }

  void write(OutputStream out) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(command).putInt(arg0).putInt(arg1).putInt(payload.length).putInt(checksum(payload)).putInt(~command);
    b.put(payload);
    out.write(b.array());
    out.flush();
  }

  String payloadText() {
    String s = new String(payload, StandardCharsets.UTF_8);
    return s.endsWith("\0") ? s.substring(0, s.length() - 1) : s;
  }

  static int checksum(byte[] payload) {
    int sum = 0;
    for (byte b : payload) {
      sum += b & 0xff;
    }
    return sum;
  }

  static String name(int command) {
    byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(command).array();
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return name(command) + "(" + arg0 + ", " + arg1 + ", " + payload.length + " bytes)";
  }
}
