package dev.leti.runner;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A model's input and output as direct buffers in native order, the form TFLite's Java API copies fastest. The
 * input is filled once with a fixed pattern: latency does not depend on the values.
 */
public final class IoBuffers {
  private final ByteBuffer input;
  private final ByteBuffer output;

  public IoBuffers(int inputBytes, int outputBytes) {
    input = ByteBuffer.allocateDirect(inputBytes).order(ByteOrder.nativeOrder());
    output = ByteBuffer.allocateDirect(outputBytes).order(ByteOrder.nativeOrder());
    for (int i = 0; i + 4 <= inputBytes; i += 4) {
      input.putFloat(i, ((i / 4) % 255) / 255f);
    }
  }

  /** The input, rewound: TFLite reads it from its position. */
  public ByteBuffer input() {
    input.rewind();
    return input;
  }

  /** The output, rewound: TFLite writes it from its position. */
  public ByteBuffer output() {
    output.rewind();
    return output;
  }
}
