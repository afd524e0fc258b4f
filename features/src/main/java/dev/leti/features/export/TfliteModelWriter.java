package dev.leti.features.export;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one TFLite model (one subgraph) table by table. Everything but the final vectors of offsets is written as
 * soon as it is added, because a flatbuffer is built back to front and a table can only point at objects that
 * already exist; so the same sequence of calls always gives the same bytes.
 */
final class TfliteModelWriter {
  private final FlatBufferBuilder fb;
  /** Buffer tables; index 0 is the empty buffer every activation tensor points at (a schema convention). */
  private final List<Integer> buffers = new ArrayList<>();
  private final List<Integer> tensors = new ArrayList<>();
  private final List<Integer> operators = new ArrayList<>();
  /** Operator codes in order of first use; an operator refers to its code by position. */
  private final Map<TfliteOp, Integer> opcodes = new LinkedHashMap<>();

  /** @param expectedBytes about the size of the model, so the builder rarely has to grow (and copy) */
  TfliteModelWriter(int expectedBytes) {
    fb = new FlatBufferBuilder(Math.max(1024, expectedBytes));
    fb.startTable(TfliteSchema.BUFFER_FIELDS);
    buffers.add(fb.endTable());
  }

  /** An activation tensor (float32, no data); returns its index. */
  int activation(int[] shape, String name) {
    return tensor(shape, TfliteSchema.FLOAT32, 0, name);
  }

  /** A constant float tensor stored as float32, or as float16 when {@code half}; returns its index. */
  int constant(int[] shape, float[] values, boolean half, String name) {
    checkSize(shape, values.length, name);
    ByteBuffer data = fb.createUnintializedVector(1, values.length * (half ? 2 : 4), TfliteSchema.BUFFER_ALIGNMENT);
    if (half) {
      short[] bits = new short[values.length];
      for (int i = 0; i < values.length; i++) {
        bits[i] = Float16.fromFloat(values[i]);
      }
      data.asShortBuffer().put(bits);
    } else {
      data.asFloatBuffer().put(values);
    }
    return tensor(shape, half ? TfliteSchema.FLOAT16 : TfliteSchema.FLOAT32, buffer(fb.endVector()), name);
  }

  /** A constant int32 tensor; returns its index. */
  int constant(int[] shape, int[] values, String name) {
    checkSize(shape, values.length, name);
    ByteBuffer data = fb.createUnintializedVector(1, values.length * 4, TfliteSchema.BUFFER_ALIGNMENT);
    data.asIntBuffer().put(values);
    return tensor(shape, TfliteSchema.INT32, buffer(fb.endVector()), name);
  }

  /**
   * Appends an operator (operators run in the order they are added).
   *
   * @param options offset of the op's options table from one of the {@code *Options} methods, 0 for none
   */
  void operator(TfliteOp op, int[] inputs, int[] outputs, int options) {
    int opcode = opcodes.computeIfAbsent(op, o -> opcodes.size());
    int in = ints(inputs);
    int out = ints(outputs);
    fb.startTable(TfliteSchema.OPERATOR_FIELDS);
    fb.addInt(TfliteSchema.OPERATOR_OPCODE_INDEX, opcode, 0);
    fb.addOffset(TfliteSchema.OPERATOR_INPUTS, in, 0);
    fb.addOffset(TfliteSchema.OPERATOR_OUTPUTS, out, 0);
    if (options != 0) {
      fb.addByte(TfliteSchema.OPERATOR_OPTIONS_TYPE, op.optionsType, 0);
      fb.addOffset(TfliteSchema.OPERATOR_OPTIONS, options, 0);
    }
    operators.add(fb.endTable());
  }

  /** Conv2DOptions {padding, stride_w, stride_h, fused_activation_function}. */
  int conv2dOptions(byte padding, int stride, byte activation) {
    fb.startTable(4);
    fb.addByte(0, padding, 0);
    fb.addInt(1, stride, 0);
    fb.addInt(2, stride, 0);
    fb.addByte(3, activation, 0);
    return fb.endTable();
  }

  /** DepthwiseConv2DOptions {padding, stride_w, stride_h, depth_multiplier, fused_activation_function}. */
  int depthwiseConv2dOptions(byte padding, int stride, int depthMultiplier, byte activation) {
    fb.startTable(5);
    fb.addByte(0, padding, 0);
    fb.addInt(1, stride, 0);
    fb.addInt(2, stride, 0);
    fb.addInt(3, depthMultiplier, 0);
    fb.addByte(4, activation, 0);
    return fb.endTable();
  }

  /** Pool2DOptions {padding, stride_w, stride_h, filter_width, filter_height, fused_activation_function}. */
  int pool2dOptions(byte padding, int stride, int filterWidth, int filterHeight) {
    fb.startTable(6);
    fb.addByte(0, padding, 0);
    fb.addInt(1, stride, 0);
    fb.addInt(2, stride, 0);
    fb.addInt(3, filterWidth, 0);
    fb.addInt(4, filterHeight, 0);
    return fb.endTable();
  }

  /** ConcatenationOptions {axis, fused_activation_function}. */
  int concatenationOptions(int axis) {
    fb.startTable(2);
    fb.addInt(0, axis, 0);
    return fb.endTable();
  }

  /** AddOptions {fused_activation_function}: an empty table means no activation. */
  int addOptions() {
    fb.startTable(1);
    return fb.endTable();
  }

  /** FullyConnectedOptions {fused_activation_function, weights_format}: defaults, no activation. */
  int fullyConnectedOptions() {
    fb.startTable(2);
    return fb.endTable();
  }

  /** SliceOptions has no fields. */
  int sliceOptions() {
    fb.startTable(0);
    return fb.endTable();
  }

  /** Ends the model; the returned buffer holds exactly the file's bytes (position to limit). */
  ByteBuffer finish(int[] inputs, int[] outputs, String name, String description) {
    int tensorVector = offsets(tensors);
    int inputVector = ints(inputs);
    int outputVector = ints(outputs);
    int operatorVector = offsets(operators);
    int subgraphName = fb.createString(name);
    fb.startTable(TfliteSchema.SUBGRAPH_FIELDS);
    fb.addOffset(TfliteSchema.SUBGRAPH_TENSORS, tensorVector, 0);
    fb.addOffset(TfliteSchema.SUBGRAPH_INPUTS, inputVector, 0);
    fb.addOffset(TfliteSchema.SUBGRAPH_OUTPUTS, outputVector, 0);
    fb.addOffset(TfliteSchema.SUBGRAPH_OPERATORS, operatorVector, 0);
    fb.addOffset(TfliteSchema.SUBGRAPH_NAME, subgraphName, 0);
    int subgraph = fb.endTable();

    List<Integer> codes = new ArrayList<>();
    for (TfliteOp op : opcodes.keySet()) {
      fb.startTable(TfliteSchema.OPERATOR_CODE_FIELDS);
      fb.addByte(TfliteSchema.OPERATOR_CODE_DEPRECATED_BUILTIN, (byte) op.code, 0);
      fb.addInt(TfliteSchema.OPERATOR_CODE_VERSION, op.version, 1);
      fb.addInt(TfliteSchema.OPERATOR_CODE_BUILTIN, op.code, 0);
      codes.add(fb.endTable());
    }
    int codeVector = offsets(codes);
    int subgraphVector = fb.createVectorOfTables(new int[] {subgraph});
    int descriptionString = fb.createString(description);
    int bufferVector = offsets(buffers);
    fb.startTable(TfliteSchema.MODEL_FIELDS);
    fb.addInt(TfliteSchema.MODEL_VERSION, TfliteSchema.VERSION, 0);
    fb.addOffset(TfliteSchema.MODEL_OPERATOR_CODES, codeVector, 0);
    fb.addOffset(TfliteSchema.MODEL_SUBGRAPHS, subgraphVector, 0);
    fb.addOffset(TfliteSchema.MODEL_DESCRIPTION, descriptionString, 0);
    fb.addOffset(TfliteSchema.MODEL_BUFFERS, bufferVector, 0);
    fb.finish(fb.endTable(), TfliteSchema.FILE_IDENTIFIER);
    return fb.dataBuffer();
  }

  int tensorCount() {
    return tensors.size();
  }

  private int tensor(int[] shape, byte type, int buffer, String name) {
    int shapeVector = ints(shape);
    int nameString = fb.createString(name);
    fb.startTable(TfliteSchema.TENSOR_FIELDS);
    fb.addOffset(TfliteSchema.TENSOR_SHAPE, shapeVector, 0);
    fb.addByte(TfliteSchema.TENSOR_TYPE, type, TfliteSchema.FLOAT32);
    fb.addInt(TfliteSchema.TENSOR_BUFFER, buffer, 0);
    fb.addOffset(TfliteSchema.TENSOR_NAME, nameString, 0);
    tensors.add(fb.endTable());
    return tensors.size() - 1;
  }

  private int buffer(int dataVector) {
    fb.startTable(TfliteSchema.BUFFER_FIELDS);
    fb.addOffset(TfliteSchema.BUFFER_DATA, dataVector, 0);
    buffers.add(fb.endTable());
    return buffers.size() - 1;
  }

  /** A vector of int32; flatbuffers are written back to front, hence the reverse loop. */
  private int ints(int[] values) {
    fb.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      fb.addInt(values[i]);
    }
    return fb.endVector();
  }

  private int offsets(List<Integer> tables) {
    int[] array = new int[tables.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = tables.get(i);
    }
    return fb.createVectorOfTables(array);
  }

  private static void checkSize(int[] shape, int length, String name) {
    long elements = 1;
    for (int d : shape) {
      elements *= d;
    }
    if (elements != length) {
      throw new IllegalArgumentException(name + ": " + length + " values for a tensor of " + elements + " elements");
    }
  }
}
