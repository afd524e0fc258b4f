package dev.leti.runner.host;

import ai.djl.engine.Engine;
import dev.leti.runner.Backend;
import dev.leti.runner.ExecutionPlan;
import dev.leti.runner.InterpreterSession;
import dev.leti.runner.IoBuffers;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.Session;
import dev.leti.runner.SessionInfo;
import dev.leti.runner.TfliteModelFile;
import dev.leti.runner.UsageException;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.TensorFlowLite;

/**
 * The runner's core on this machine's CPU: DJL's TFLite engine provides the native runtime (TFLite 2.6.2 for
 * linux-x86_64, unpacked from its jar, no download) and the TFLite Java interpreter it bundles, which the runner
 * drives directly so that it sets the thread count and times nothing but the inference.
 */
public final class HostTfliteBackend implements Backend {
  private static final String ENGINE = "TFLite";

  /** The device id of host measurements: {@code host-tflite-cpu-<threads>t} (xnnpack: {@code host-tflite-xnnpack-…}). */
  public static String deviceId(String backend, int threads) {
    return "host-tflite-" + backend + "-" + threads + "t";
  }

  @Override
  public String defaultBackend() {
    return "cpu";
  }

  @Override
  public Session open(RunnerOptions options, TfliteModelFile model) {
    if (options.backend().equals("gpu")) {
      throw new UsageException("backend=gpu: the host runtime has no GPU delegate; use cpu or xnnpack");
    }
    loadNativeRuntime();
    boolean xnnpack = options.backend().equals("xnnpack");
    Interpreter interpreter = new Interpreter(model.file(),
        new Interpreter.Options().setNumThreads(options.threads()).setUseXNNPACK(xnnpack));
    int plan = ExecutionPlan.length(interpreter);
    IoBuffers io = new IoBuffers(interpreter.getInputTensor(0).numBytes(), interpreter.getOutputTensor(0).numBytes());
    SessionInfo info = new SessionInfo("tflite", TensorFlowLite.runtimeVersion(),
        deviceId(options.backend(), options.threads()), options.backend(), null, options.threads(), plan,
        xnnpack ? -1 : 0);
    return new InterpreterSession(io, interpreter::run, info, interpreter);
  }

  /**
   * DJL's engine unpacks and loads the native library once per JVM (under DJL_CACHE_DIR, default ~/.djl.ai). The
   * library ships in a jar on the classpath, so DJL is told to stay offline.
   */
  private static void loadNativeRuntime() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine.getEngine(ENGINE);
  }
}
