package dev.leti.runner;

import java.nio.ByteBuffer;

/**
 * A session over any interpreter that runs one input buffer into one output buffer (TFLite's
 * {@code Interpreter.run(Object, Object)}, on the phone or on the host), closing the interpreter and its delegate
 * at the end.
 */
public final class InterpreterSession implements Session {
  /** One inference. */
  public interface Inference {
    void run(ByteBuffer input, ByteBuffer output) throws Exception;
  }

  private final IoBuffers io;
  private final Inference inference;
  private final SessionInfo info;
  private final AutoCloseable[] resources;

  /** @param resources closed in order at the end (interpreter first, then its delegate) */
  public InterpreterSession(IoBuffers io, Inference inference, SessionInfo info, AutoCloseable... resources) {
    this.io = io;
    this.inference = inference;
    this.info = info;
    this.resources = resources;
  }

  @Override
  public void infer() throws Exception {
    inference.run(io.input(), io.output());
  }

  @Override
  public SessionInfo info() {
    return info;
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception e) {
          // closing after the measurement: nothing left to report it to
        }
      }
    }
  }
}
