package dev.leti.features.export;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a .tflite file in DJL's TFLite engine (TFLite 2.6 native, shipped in a jar): a real runtime, offline. DJL
 * unpacks its native library under {@code target/djl-cache} instead of the home directory.
 */
final class DjlTflite {
  static {
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
    }
    System.setProperty("ai.djl.offline", "true");
  }

  /** What the runtime returned: the output's shape and values. */
  record Output(long[] shape, float[] values) {}

  private DjlTflite() {}

  /** Loads {@code model} and runs it once on an NHWC input of the given height, width and channels. */
  static Output run(Path model, float[] input, int height, int width, int channels) throws Exception {
    String file = model.getFileName().toString();
    if (!file.endsWith(".tflite")) {
      throw new IllegalArgumentException("DJL loads <name>.tflite files, got " + model);
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("no model file " + model);
    }
    try (Model m = Model.newInstance("export-check", "TFLite")) {
      m.load(model.getParent(), file.substring(0, file.length() - ".tflite".length()));
      try (Predictor<NDList, NDList> predictor = m.newPredictor(new NoopTranslator())) {
        NDArray x = m.getNDManager().create(input, new Shape(1, height, width, channels));
        NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
        return new Output(y.getShape().getShape(), y.toFloatArray());
      }
    }
  }
}
