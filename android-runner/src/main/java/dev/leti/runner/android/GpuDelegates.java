package dev.leti.runner.android;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.gpu.GpuDelegate;
import org.tensorflow.lite.gpu.GpuDelegateFactory;

/**
 * GPU delegates pinned to one GPU API. TFLite's own choice (OpenCL, else OpenGL) is invisible from Java, so the
 * runner forces each API in turn and reports the one that worked.
 */
final class GpuDelegates {
  private GpuDelegates() {}

  /** The GPU APIs to try for {@code gpu_backend}: {@code auto} tries OpenCL, then OpenGL. */
  static List<GpuDelegateFactory.Options.GpuBackend> order(String gpuBackend) {
    List<GpuDelegateFactory.Options.GpuBackend> order = new ArrayList<>();
    if (!gpuBackend.equals("opengl")) {
      order.add(GpuDelegateFactory.Options.GpuBackend.OPENCL);
    }
    if (!gpuBackend.equals("opencl")) {
      order.add(GpuDelegateFactory.Options.GpuBackend.OPENGL);
    }
    return order;
  }

  /** A delegate that uses only {@code api}; fp16 lets it compute in half precision (TFLite's default). */
  static GpuDelegate create(GpuDelegateFactory.Options.GpuBackend api, boolean fp16) {
    GpuDelegate.Options options = new GpuDelegate.Options();
    options.setForceBackend(api);
    options.setPrecisionLossAllowed(fp16);
    options.setInferencePreference(GpuDelegateFactory.Options.INFERENCE_PREFERENCE_SUSTAINED_SPEED);
    return new GpuDelegate(options);
  }

  /** The header's name for an API: {@code gpu-opencl}, {@code gpu-opengl}. */
  static String label(GpuDelegateFactory.Options.GpuBackend api) {
    return "gpu-" + api.name().toLowerCase(java.util.Locale.ROOT);
  }
}
