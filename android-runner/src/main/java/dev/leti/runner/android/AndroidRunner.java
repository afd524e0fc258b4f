package dev.leti.runner.android;

import dev.leti.runner.Runner;

/**
 * The phone's entry point, run from the dex jar with {@code app_process} (the way scrcpy's server runs):
 * <pre>
 *   adb shell CLASSPATH=/data/local/tmp/leti/leti-runner.dex.jar app_process / dev.leti.runner.android.AndroidRunner \
 *       1 model=/data/local/tmp/leti/m.tflite warmup=5 runs=30 backend=gpu
 * </pre>
 * The TFLite native libraries are expected beside the jar (or in {@code lib_dir=}).
 */
public final class AndroidRunner {
  private AndroidRunner() {}

  public static void main(String... args) {
    Runner.main(new AndroidTfliteBackend(), args);
  }
}
