package dev.leti.runner.android;

import dev.leti.runner.Backend;
import dev.leti.runner.ExecutionPlan;
import dev.leti.runner.InterpreterSession;
import dev.leti.runner.IoBuffers;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.Session;
import dev.leti.runner.SessionInfo;
import dev.leti.runner.TfliteModelFile;
import java.io.File;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.TensorFlowLite;
import org.tensorflow.lite.gpu.GpuDelegate;
import org.tensorflow.lite.gpu.GpuDelegateFactory;

/**
 * TFLite's {@link Interpreter} on the phone: with the GPU delegate (OpenCL or OpenGL, see {@link GpuDelegates}),
 * or on the CPU with or without XNNPACK. When no GPU API works and {@code cpu_fallback=true}, the model runs on the
 * CPU and the header says why.
 */
final class AndroidTfliteBackend implements Backend {
  @Override
  public String defaultBackend() {
    return "gpu";
  }

  @Override
  public Session open(RunnerOptions options, TfliteModelFile model) {
    boolean gpu = options.backend().equals("gpu");
    NativeLibraries.load(options.libDir() != null ? new File(options.libDir()) : NativeLibraries.defaultDir(), gpu);
    TensorFlowLite.init();
    StringBuilder failures = new StringBuilder();
    if (gpu) {
      for (GpuDelegateFactory.Options.GpuBackend api : GpuDelegates.order(options.gpuBackend())) {
        GpuDelegate delegate = GpuDelegates.create(api, options.gpuFp16());
        try {
          Interpreter interpreter = new Interpreter(model.file(),
              new Interpreter.Options().setNumThreads(options.threads()).addDelegate(delegate));
          int plan = ExecutionPlan.length(interpreter);
          return session(interpreter, delegate, GpuDelegates.label(api), null, options,
              plan, ExecutionPlan.delegatedNodes(model.operators(), plan, true));
        } catch (RuntimeException e) {
          // the delegate could not be applied with this API: try the next one
          delegate.close();
          failures.append(failures.length() == 0 ? "" : "; ").append(GpuDelegates.label(api)).append(": ")
              .append(e.getMessage());
        }
      }
      if (!options.cpuFallback()) {
        throw new IllegalStateException("the GPU delegate failed (" + failures + ") and cpu_fallback=false");
      }
    }
    boolean xnnpack = options.backend().equals("xnnpack");
    Interpreter interpreter = new Interpreter(model.file(),
        new Interpreter.Options().setNumThreads(options.threads()).setUseXNNPACK(xnnpack));
    int plan = ExecutionPlan.length(interpreter);
    // XNNPACK may split the model into several partitions: its share cannot be told from the plan length
    int delegated = xnnpack ? -1 : 0;
    return session(interpreter, null, xnnpack ? "xnnpack" : "cpu", gpu ? failures.toString() : null, options, plan,
        delegated);
  }

  private static Session session(Interpreter interpreter, GpuDelegate delegate, String backend, String fallbackReason,
      RunnerOptions options, int plan, int delegated) {
    IoBuffers io = new IoBuffers(interpreter.getInputTensor(0).numBytes(), interpreter.getOutputTensor(0).numBytes());
    SessionInfo info = new SessionInfo("tflite", TensorFlowLite.runtimeVersion(), AndroidDevice.id(), backend,
        fallbackReason, options.threads(), plan, delegated);
    return new InterpreterSession(io, interpreter::run, info, interpreter, delegate);
  }
}
