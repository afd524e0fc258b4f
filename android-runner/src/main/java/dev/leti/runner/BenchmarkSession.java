package dev.leti.runner;

import java.io.File;
import java.io.PrintWriter;

/**
 * One measured session: open the model (timed as init), run it once (timed as the first inference), print the
 * header, then run {@code warmup} + {@code runs} inferences, each timed alone with {@link System#nanoTime()} and
 * printed as it ends, then the trailer. Output is formatted outside the timed calls.
 */
public final class BenchmarkSession {
  private final Backend backend;
  private final RunnerOptions options;
  private final PrintWriter out;
  /** Where a failure happened, for the error line. */
  private String stage = RunnerProtocol.STAGE_INIT;

  public BenchmarkSession(Backend backend, RunnerOptions options, PrintWriter out) {
    this.backend = backend;
    this.options = options;
    this.out = out;
  }

  /** The stage the session reached; after a failure, the one that failed. */
  public String stage() {
    return stage;
  }

  public void run() throws Exception {
    TfliteModelFile model = TfliteModelFile.read(new File(options.model()));
    long t0 = System.nanoTime();
    try (Session session = backend.open(options, model)) {
      long initNs = System.nanoTime() - t0;
      stage = RunnerProtocol.STAGE_INFERENCE;
      long t1 = System.nanoTime();
      session.infer();
      long firstNs = System.nanoTime() - t1;
      out.println(header(session.info(), model, initNs, firstNs));
      out.flush();
      measure(session);
    }
  }

  private void measure(Session session) throws Exception {
    int total = options.warmup() + options.runs();
    long epochAtStart = System.currentTimeMillis();
    long start = System.nanoTime();
    long sum = 0;
    for (int i = 0; i < total; i++) {
      if (i > 0 && options.pauseMs() > 0) {
        Thread.sleep(options.pauseMs());
      }
      long begin = System.nanoTime();
      session.infer();
      long latency = System.nanoTime() - begin;
      sum += latency;
      long sinceStart = begin - start;
      out.println(JsonLine.of(RunnerProtocol.RUN)
          .put(RunnerProtocol.INDEX, i)
          .put(RunnerProtocol.WARMUP, i < options.warmup())
          .put(RunnerProtocol.LATENCY_NS, latency)
          .put(RunnerProtocol.START_NS, sinceStart)
          .put(RunnerProtocol.STARTED_AT_MS, epochAtStart + sinceStart / 1_000_000));
      out.flush();
    }
    long wall = System.nanoTime() - start;
    out.println(JsonLine.of(RunnerProtocol.TRAILER)
        .put(RunnerProtocol.STATUS, RunnerProtocol.STATUS_OK)
        .put(RunnerProtocol.WARMUP, options.warmup())
        .put(RunnerProtocol.RUNS, options.runs())
        .put(RunnerProtocol.WALL_NS, wall)
        .put(RunnerProtocol.LATENCY_SUM_NS, sum));
    out.flush();
  }

  private JsonLine header(SessionInfo info, TfliteModelFile model, long initNs, long firstNs) {
    return JsonLine.of(RunnerProtocol.HEADER)
        .put(RunnerProtocol.PROTOCOL, RunnerProtocol.VERSION)
        .put(RunnerProtocol.RUNTIME, info.runtime())
        .put(RunnerProtocol.RUNTIME_VERSION, info.runtimeVersion())
        .put(RunnerProtocol.DEVICE, info.device())
        .put(RunnerProtocol.REQUESTED_BACKEND, options.backend())
        .put(RunnerProtocol.BACKEND, info.backend())
        .put(RunnerProtocol.FALLBACK_REASON, info.fallbackReason())
        .put(RunnerProtocol.THREADS, info.threads())
        .put(RunnerProtocol.MODEL, options.model())
        .put(RunnerProtocol.MODEL_BYTES, model.bytes())
        .put(RunnerProtocol.MODEL_OPS, model.operators())
        .put(RunnerProtocol.EXECUTION_PLAN, info.executionPlan())
        .put(RunnerProtocol.DELEGATED_NODES, info.delegatedNodes())
        .put(RunnerProtocol.INIT_NS, initNs)
        .put(RunnerProtocol.FIRST_INFERENCE_NS, firstNs)
        .put(RunnerProtocol.WARMUP, options.warmup())
        .put(RunnerProtocol.RUNS, options.runs())
        .put(RunnerProtocol.PAUSE_MS, options.pauseMs());
  }
}
