package dev.leti.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What D8 made of the runner (the build runs it before the tests): a dex jar with the runner's and TFLite's
 * classes and nothing of the host, read with the dex format's header and id tables; and the arm64 libraries the
 * phone loads beside it.
 */
class DexJarTest {
  private static final Path DEX_JAR = Path.of(System.getProperty("leti.runner.dexJar", "target/leti-runner.dex.jar"));
  private static final Path TFLITE = Path.of(System.getProperty("leti.runner.tfliteDir", "target/tflite"));

  @Test
  void holdsTheRunnerAndTfliteClassesAsDex() throws Exception {
    List<String> classes = classNames(dex());
    assertThat(classes).contains("Ldev/leti/runner/android/AndroidRunner;", "Ldev/leti/runner/Runner;",
        "Ldev/leti/runner/BenchmarkSession;", "Lorg/tensorflow/lite/Interpreter;",
        "Lorg/tensorflow/lite/gpu/GpuDelegate;", "Lorg/tensorflow/lite/gpu/GpuDelegateFactory$Options;");
    assertThat(classes).as("nothing of the host runner or DJL")
        .noneMatch(c -> c.startsWith("Ldev/leti/runner/host/") || c.startsWith("Lai/djl/"));
    assertThat(classes.size()).as("class_defs_size").isGreaterThan(50);
  }

  @Test
  void arm64NativeLibrariesAreExtractedBesideIt() throws Exception {
    for (Path lib : List.of(TFLITE.resolve("tensorflow-lite/jni/arm64-v8a/libtensorflowlite_jni.so"),
        TFLITE.resolve("tensorflow-lite-gpu/jni/arm64-v8a/libtensorflowlite_gpu_jni.so"))) {
      ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(lib)).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(elf.getInt(0)).as("ELF magic of " + lib).isEqualTo(0x464c457f);
      assertThat(elf.get(4)).as("64-bit").isEqualTo((byte) 2);
      assertThat(elf.getShort(18)).as("e_machine AArch64").isEqualTo((short) 183);
    }
  }

  private static ByteBuffer dex() throws Exception {
    try (ZipFile jar = new ZipFile(DEX_JAR.toFile())) {
      ZipEntry entry = jar.getEntry("classes.dex");
      assertThat(entry).as("classes.dex in " + DEX_JAR).isNotNull();
      try (InputStream in = jar.getInputStream(entry)) {
        ByteBuffer dex = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(dex.array(), 0, 8, StandardCharsets.US_ASCII);
        assertThat(magic).as("dex magic").matches("dex\n0[0-9]{2}\0");
        assertThat(dex.getInt(32)).as("file_size").isEqualTo(dex.capacity());
        return dex;
      }
    }
  }

  /** Descriptors of the defined classes: class_defs -> type_ids -> string_ids -> string data (uleb128 length). */
  private static List<String> classNames(ByteBuffer dex) {
    int stringIds = dex.getInt(0x3c);
    int typeIds = dex.getInt(0x44);
    int classDefsSize = dex.getInt(0x60);
    int classDefs = dex.getInt(0x64);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classDefsSize; i++) {
      int type = dex.getInt(classDefs + 32 * i);
      int string = dex.getInt(typeIds + 4 * type);
      int data = dex.getInt(stringIds + 4 * string);
      while ((dex.get(data) & 0x80) != 0) {
        data++;
      }
      data++;
      int end = data;
      while (dex.get(end) != 0) {
        end++;
      }
      names.add(new String(dex.array(), data, end - data, StandardCharsets.UTF_8));
    }
    return names;
  }
}
