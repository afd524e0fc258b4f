package dev.leti.runner;

/** A loaded model, ready to run. */
public interface Session extends AutoCloseable {
  /** One inference on the same input, outputs copied out: what the runner times. */
  void infer() throws Exception;

  /** What runs the model; known once the session is open. */
  SessionInfo info();

  @Override
  void close();
}
