package dev.leti.runner;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The few facts the runner reads from a .tflite file itself, by walking the flatbuffer (no FlatBuffers library on
 * the phone): that it is one, and how many operators its main subgraph has, against which delegation is counted.
 * Field slots are the public schema's: Model.subgraphs = 2, SubGraph.operators = 3.
 */
public final class TfliteModelFile {
  private static final int MODEL_SUBGRAPHS = 2;
  private static final int SUBGRAPH_OPERATORS = 3;

  private final File file;
  private final long bytes;
  private final int operators;

  private TfliteModelFile(File file, long bytes, int operators) {
    this.file = file;
    this.bytes = bytes;
    this.operators = operators;
  }

  /** Reads the file's header and operator count; an IOException names what is wrong with it. */
  public static TfliteModelFile read(File file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file, "r"); FileChannel channel = raf.getChannel()) {
      long size = channel.size();
      if (size < 8 || size > Integer.MAX_VALUE) {
        throw new IOException(file + " is not a TFLite model: " + size + " bytes");
      }
      MappedByteBuffer bb = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      bb.order(ByteOrder.LITTLE_ENDIAN);
      if (bb.get(4) != 'T' || bb.get(5) != 'F' || bb.get(6) != 'L' || bb.get(7) != '3') {
        throw new IOException(file + " is not a TFLite model: no TFL3 file identifier");
      }
      try {
        int model = bb.getInt(0);
        int subgraphs = vector(bb, field(bb, model, MODEL_SUBGRAPHS));
        int subgraph = subgraphs + 4 + bb.getInt(subgraphs + 4);
        int operators = vector(bb, field(bb, subgraph, SUBGRAPH_OPERATORS));
        return new TfliteModelFile(file, size, bb.getInt(operators));
      } catch (IndexOutOfBoundsException e) {
        throw new IOException(file + " is not a valid TFLite model: an offset points outside the file", e);
      }
    }
  }

  public File file() {
    return file;
  }

  public long bytes() {
    return bytes;
  }

  public int operators() {
    return operators;
  }

  /** Position of a table field; throws for an absent one (every field read here is required). */
  private static int field(MappedByteBuffer bb, int table, int slot) throws IOException {
    int vtable = table - bb.getInt(table);
    int entry = 4 + 2 * slot;
    int offset = entry < bb.getShort(vtable) ? bb.getShort(vtable + entry) : 0;
    if (offset == 0) {
      throw new IOException("the model has no field " + slot + " in the table at " + table);
    }
    return table + offset;
  }

  /** Position of the vector an offset field points at (its length first). */
  private static int vector(MappedByteBuffer bb, int field) {
    return field + bb.getInt(field);
  }
}
