package dev.leti.runner.android;

import java.io.File;

/**
 * Loads TFLite's JNI libraries by path. Under app_process the system class loader's library path does not include
 * the directory the runner was pushed to, so TFLite's own {@code System.loadLibrary} fails; once a library is
 * loaded by path, TFLite's native methods bind to it and its own failed attempt is ignored.
 */
final class NativeLibraries {
  static final String TFLITE = "libtensorflowlite_jni.so";
  static final String TFLITE_GPU = "libtensorflowlite_gpu_jni.so";

  private NativeLibraries() {}

  /** Loads the interpreter's library, and the GPU delegate's when {@code gpu}. */
  static void load(File dir, boolean gpu) {
    loadOne(new File(dir, TFLITE));
    if (gpu) {
      loadOne(new File(dir, TFLITE_GPU));
    }
  }

  /**
   * The directory of the runner's jar, taken from CLASSPATH (how app_process is told where the jar is), or the
   * current directory.
   */
  static File defaultDir() {
    String classpath = System.getenv("CLASSPATH");
    if (classpath != null && !classpath.isEmpty()) {
      File parent = new File(classpath.split(":")[0]).getAbsoluteFile().getParentFile();
      if (parent != null) {
        return parent;
      }
    }
    return new File(".").getAbsoluteFile();
  }

  private static void loadOne(File library) {
    if (!library.isFile()) {
      throw new UnsatisfiedLinkError("native library " + library + " not found; push it beside the runner jar"
          + " or pass lib_dir=<directory>");
    }
    System.load(library.getAbsolutePath());
  }
}
