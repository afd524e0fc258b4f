package dev.leti.runner;

/** What a session reports in the header: the runtime, where the model actually runs, and how much is delegated. */
public final class SessionInfo {
  private final String runtime;
  private final String runtimeVersion;
  private final String device;
  private final String backend;
  private final String fallbackReason;
  private final int threads;
  private final int executionPlan;
  private final int delegatedNodes;

  /**
   * @param backend what actually runs, e.g. {@code gpu-opencl}
   * @param fallbackReason why it is not what was requested, or null
   * @param executionPlan nodes the interpreter executes, -1 when unknown
   * @param delegatedNodes model operators a delegate runs, -1 when unknown
   */
  public SessionInfo(String runtime, String runtimeVersion, String device, String backend, String fallbackReason,
      int threads, int executionPlan, int delegatedNodes) {
    this.runtime = runtime;
    this.runtimeVersion = runtimeVersion;
    this.device = device;
    this.backend = backend;
    this.fallbackReason = fallbackReason;
    this.threads = threads;
    this.executionPlan = executionPlan;
    this.delegatedNodes = delegatedNodes;
  }

  public String runtime() {
    return runtime;
  }

  public String runtimeVersion() {
    return runtimeVersion;
  }

  public String device() {
    return device;
  }

  public String backend() {
    return backend;
  }

  public String fallbackReason() {
    return fallbackReason;
  }

  public int threads() {
    return threads;
  }

  public int executionPlan() {
    return executionPlan;
  }

  public int delegatedNodes() {
    return delegatedNodes;
  }
}
