package dev.leti.features.export;

/**
 * The facts of the public TFLite flatbuffer schema ({@code tensorflow/lite/schema/schema.fbs}, file identifier
 * {@code TFL3}, schema version 3) that the exporter writes: field slots of the tables it uses, enum values and
 * union type ids. A union field takes two slots, its type first, so the slot after a union is two further on.
 */
final class TfliteSchema {
  static final String FILE_IDENTIFIER = "TFL3";
  static final int VERSION = 3;

  /** {@code enum TensorType : byte}. */
  static final byte FLOAT32 = 0;
  static final byte FLOAT16 = 1;
  static final byte INT32 = 2;

  /** {@code enum Padding : byte}. */
  static final byte PADDING_SAME = 0;
  static final byte PADDING_VALID = 1;

  /** {@code enum ActivationFunctionType : byte}. */
  static final byte ACTIVATION_NONE = 0;
  static final byte ACTIVATION_RELU = 1;

  /** Table Model. */
  static final int MODEL_FIELDS = 5;
  static final int MODEL_VERSION = 0;
  static final int MODEL_OPERATOR_CODES = 1;
  static final int MODEL_SUBGRAPHS = 2;
  static final int MODEL_DESCRIPTION = 3;
  static final int MODEL_BUFFERS = 4;

  /** Table SubGraph. */
  static final int SUBGRAPH_FIELDS = 5;
  static final int SUBGRAPH_TENSORS = 0;
  static final int SUBGRAPH_INPUTS = 1;
  static final int SUBGRAPH_OUTPUTS = 2;
  static final int SUBGRAPH_OPERATORS = 3;
  static final int SUBGRAPH_NAME = 4;

  /** Table Tensor. */
  static final int TENSOR_FIELDS = 4;
  static final int TENSOR_SHAPE = 0;
  static final int TENSOR_TYPE = 1;
  static final int TENSOR_BUFFER = 2;
  static final int TENSOR_NAME = 3;

  /** Table Buffer; {@code data:[ubyte] (force_align: 16)}. */
  static final int BUFFER_FIELDS = 1;
  static final int BUFFER_DATA = 0;
  static final int BUFFER_ALIGNMENT = 16;

  /**
   * Table OperatorCode. {@code deprecated_builtin_code} (a byte) is what runtimes read for codes below 127; the
   * int32 {@code builtin_code} came later. Both are written.
   */
  static final int OPERATOR_CODE_FIELDS = 4;
  static final int OPERATOR_CODE_DEPRECATED_BUILTIN = 0;
  static final int OPERATOR_CODE_VERSION = 2;
  static final int OPERATOR_CODE_BUILTIN = 3;

  /** Table Operator: {@code builtin_options} is a union, type in slot 3 and value in slot 4. */
  static final int OPERATOR_FIELDS = 5;
  static final int OPERATOR_OPCODE_INDEX = 0;
  static final int OPERATOR_INPUTS = 1;
  static final int OPERATOR_OUTPUTS = 2;
  static final int OPERATOR_OPTIONS_TYPE = 3;
  static final int OPERATOR_OPTIONS = 4;

  private TfliteSchema() {}
}
