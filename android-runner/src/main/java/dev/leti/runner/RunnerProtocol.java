package dev.leti.runner;

/**
 * The runner's output, shared by the runner and its readers (the collector, {@code leti run-local}): one JSON
 * object per line on stdout, in this order:
 * <ol>
 *   <li>{@value #HEADER}: what runs the model, how it was set up and what that cost;
 *   <li>{@value #RUN}: one per inference, warm-up runs first, flagged;
 *   <li>{@value #TRAILER}: {@value #STATUS} {@value #STATUS_OK} and totals.
 * </ol>
 * Any failure ends the output with one {@value #ERROR} line instead (then the process exits non-zero). The first
 * command-line argument is {@link #VERSION}; a runner of another version refuses to run.
 */
public final class RunnerProtocol {
  /** Bump on any change a reader could notice. */
  public static final int VERSION = 1;

  /** Key of every line: what kind of line it is. */
  public static final String TYPE = "type";
  public static final String HEADER = "header";
  public static final String RUN = "run";
  public static final String TRAILER = "trailer";
  public static final String ERROR = "error";

  // header
  public static final String PROTOCOL = "protocol";
  /** Runtime name, e.g. {@code tflite}. */
  public static final String RUNTIME = "runtime";
  public static final String RUNTIME_VERSION = "runtime_version";
  /** Device id, e.g. {@code host-tflite-cpu-4t} or the phone's manufacturer and model. */
  public static final String DEVICE = "device";
  /** The backend asked for ({@code gpu}, {@code cpu}, {@code xnnpack}). */
  public static final String REQUESTED_BACKEND = "requested_backend";
  /** The backend that actually runs: {@code gpu-opencl}, {@code gpu-opengl}, {@code cpu}, {@code xnnpack}. */
  public static final String BACKEND = "backend";
  /** Why the backend differs from the one requested (e.g. the GPU delegate failed), absent otherwise. */
  public static final String FALLBACK_REASON = "fallback_reason";
  public static final String THREADS = "threads";
  public static final String MODEL = "model";
  public static final String MODEL_BYTES = "model_bytes";
  /** Operators in the model file. */
  public static final String MODEL_OPS = "model_ops";
  /** Nodes the interpreter executes after delegation (a fully delegated model: 1); -1 when unknown. */
  public static final String EXECUTION_PLAN = "execution_plan";
  /** Model operators a delegate runs; 0 without a delegate, -1 when unknown. */
  public static final String DELEGATED_NODES = "delegated_nodes";
  /** Model load, interpreter creation, delegate set-up and tensor allocation. */
  public static final String INIT_NS = "init_ns";
  /** The first inference, before the warm-up runs: it often pays for kernel compilation. */
  public static final String FIRST_INFERENCE_NS = "first_inference_ns";
  public static final String WARMUP = "warmup";
  public static final String RUNS = "runs";
  public static final String PAUSE_MS = "pause_ms";

  // run
  /** 0-based over warm-up and measured runs together. */
  public static final String INDEX = "index";
  /** Also the header's and trailer's warm-up count; on a run line, true for a warm-up run. */
  public static final String LATENCY_NS = "latency_ns";
  /** Monotonic start of the run, nanoseconds since the first run started. */
  public static final String START_NS = "start_ns";
  /** Wall-clock start of the run, epoch milliseconds. */
  public static final String STARTED_AT_MS = "started_at_ms";

  // trailer
  public static final String STATUS = "status";
  public static final String STATUS_OK = "ok";
  /** From the start of the first run to the end of the last, output included. */
  public static final String WALL_NS = "wall_ns";
  /** Sum of all runs' latencies, warm-up included. */
  public static final String LATENCY_SUM_NS = "latency_sum_ns";

  // error
  /** Where it failed: {@value #STAGE_ARGUMENTS}, {@value #STAGE_INIT}, {@value #STAGE_INFERENCE}. */
  public static final String STAGE = "stage";
  public static final String STAGE_ARGUMENTS = "arguments";
  public static final String STAGE_INIT = "init";
  public static final String STAGE_INFERENCE = "inference";
  public static final String MESSAGE = "message";
  public static final String EXCEPTION = "exception";

  /** Exit status: all runs done. */
  public static final int EXIT_OK = 0;
  /** Exit status: the model could not be loaded or run. */
  public static final int EXIT_FAILURE = 1;
  /** Exit status: bad arguments or another protocol version. */
  public static final int EXIT_USAGE = 2;

  private RunnerProtocol() {}
}
