package dev.leti.features.export;

/**
 * The builtin operators the exporter writes, with their {@code BuiltinOperator} code, the {@code BuiltinOptions}
 * union type id of their options table (0: none) and the operator version. Version 1 everywhere keeps the models
 * loadable by old runtimes (DJL ships TFLite 2.6), except DEQUANTIZE, whose float16 input needs version 3.
 */
enum TfliteOp {
  ADD(0, 11, 1),
  AVERAGE_POOL_2D(1, 5, 1),
  CONCATENATION(2, 10, 1),
  CONV_2D(3, 1, 1),
  DEPTHWISE_CONV_2D(4, 2, 1),
  DEQUANTIZE(6, 0, 3),
  FULLY_CONNECTED(9, 8, 1),
  MAX_POOL_2D(17, 5, 1),
  RELU(19, 0, 1),
  SLICE(65, 48, 1);

  final int code;
  final byte optionsType;
  final int version;

  TfliteOp(int code, int optionsType, int version) {
    this.code = code;
    this.optionsType = (byte) optionsType;
    this.version = version;
  }
}
