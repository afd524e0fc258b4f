package dev.leti.features.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the parts of a .tflite flatbuffer the exporter writes, straight from the bytes (vtables and offsets
 * as the FlatBuffers format defines them), independently of the writer's code.
 */
final class TfliteFile {
  record Tensor(int[] shape, int type, int buffer, String name) {}

  record Operator(int opcode, int[] inputs, int[] outputs, int optionsType) {}

  record OperatorCode(int deprecatedCode, int code, int version) {}

  /** A buffer's data: absolute position in the file and length (0, 0 when empty). */
  record Buffer(int position, int length) {}

  final ByteBuffer bb;
  final String identifier;
  final int version;
  final int subgraphCount;
  final List<OperatorCode> operatorCodes = new ArrayList<>();
  final List<Tensor> tensors = new ArrayList<>();
  final List<Operator> operators = new ArrayList<>();
  final List<Buffer> buffers = new ArrayList<>();
  final int[] inputs;
  final int[] outputs;
  final String description;

  TfliteFile(byte[] bytes) {
    bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int model = bb.getInt(0);
    identifier = new String(bytes, 4, 4, StandardCharsets.US_ASCII);
    version = bb.getInt(field(model, TfliteSchema.MODEL_VERSION));
    description = string(field(model, TfliteSchema.MODEL_DESCRIPTION));
    for (int code : tables(field(model, TfliteSchema.MODEL_OPERATOR_CODES))) {
      int deprecated = field(code, TfliteSchema.OPERATOR_CODE_DEPRECATED_BUILTIN);
      int builtin = field(code, TfliteSchema.OPERATOR_CODE_BUILTIN);
      int v = field(code, TfliteSchema.OPERATOR_CODE_VERSION);
      operatorCodes.add(new OperatorCode(deprecated == 0 ? 0 : bb.get(deprecated), builtin == 0 ? 0 : bb.getInt(builtin),
          v == 0 ? 1 : bb.getInt(v)));
    }
    for (int buffer : tables(field(model, TfliteSchema.MODEL_BUFFERS))) {
      int data = field(buffer, TfliteSchema.BUFFER_DATA);
      if (data == 0) {
        buffers.add(new Buffer(0, 0));
      } else {
        int vector = deref(data);
        buffers.add(new Buffer(vector + 4, bb.getInt(vector)));
      }
    }
    List<Integer> subgraphs = tables(field(model, TfliteSchema.MODEL_SUBGRAPHS));
    subgraphCount = subgraphs.size();
    int subgraph = subgraphs.get(0);
    for (int t : tables(field(subgraph, TfliteSchema.SUBGRAPH_TENSORS))) {
      int type = field(t, TfliteSchema.TENSOR_TYPE);
      int buffer = field(t, TfliteSchema.TENSOR_BUFFER);
      tensors.add(new Tensor(ints(field(t, TfliteSchema.TENSOR_SHAPE)), type == 0 ? 0 : bb.get(type),
          buffer == 0 ? 0 : bb.getInt(buffer), string(field(t, TfliteSchema.TENSOR_NAME))));
    }
    for (int op : tables(field(subgraph, TfliteSchema.SUBGRAPH_OPERATORS))) {
      int opcode = field(op, TfliteSchema.OPERATOR_OPCODE_INDEX);
      int optionsType = field(op, TfliteSchema.OPERATOR_OPTIONS_TYPE);
      operators.add(new Operator(opcode == 0 ? 0 : bb.getInt(opcode), ints(field(op, TfliteSchema.OPERATOR_INPUTS)),
          ints(field(op, TfliteSchema.OPERATOR_OUTPUTS)), optionsType == 0 ? 0 : bb.get(optionsType)));
    }
    inputs = ints(field(subgraph, TfliteSchema.SUBGRAPH_INPUTS));
    outputs = ints(field(subgraph, TfliteSchema.SUBGRAPH_OUTPUTS));
  }

  /** The builtin code of an operator. */
  int code(Operator op) {
    return operatorCodes.get(op.opcode()).code();
  }

  /** Absolute position of a table's field, 0 when absent (the default applies). */
  private int field(int table, int slot) {
    int vtable = table - bb.getInt(table);
    int vtableSize = bb.getShort(vtable);
    int entry = 4 + 2 * slot;
    if (entry >= vtableSize) {
      return 0;
    }
    int offset = bb.getShort(vtable + entry);
    return offset == 0 ? 0 : table + offset;
  }

  private int deref(int position) {
    return position + bb.getInt(position);
  }

  private List<Integer> tables(int fieldPosition) {
    List<Integer> out = new ArrayList<>();
    if (fieldPosition == 0) {
      return out;
    }
    int vector = deref(fieldPosition);
    for (int i = 0; i < bb.getInt(vector); i++) {
      out.add(deref(vector + 4 + 4 * i));
    }
    return out;
  }

  private int[] ints(int fieldPosition) {
    if (fieldPosition == 0) {
      return new int[0];
    }
    int vector = deref(fieldPosition);
    int[] out = new int[bb.getInt(vector)];
    for (int i = 0; i < out.length; i++) {
      out[i] = bb.getInt(vector + 4 + 4 * i);
    }
    return out;
  }

  private String string(int fieldPosition) {
    if (fieldPosition == 0) {
      return null;
    }
    int s = deref(fieldPosition);
    return new String(bb.array(), s + 4, bb.getInt(s), StandardCharsets.UTF_8);
  }
}
