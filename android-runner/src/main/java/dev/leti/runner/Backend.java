package dev.leti.runner;

/** A runtime that can run a model: TFLite on a phone, TFLite on the host. */
public interface Backend {
  /** The backend used when the arguments name none. */
  String defaultBackend();

  /**
   * Loads the model and prepares everything for the first inference (interpreter, delegate, tensors, input).
   * The runner times this call as the init time.
   */
  Session open(RunnerOptions options, TfliteModelFile model) throws Exception;
}
