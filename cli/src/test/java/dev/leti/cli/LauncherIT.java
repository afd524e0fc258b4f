package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/leti and leti-submit.jar as a user runs them, after `mvn package`. */
class LauncherIT {
  private static final Path HOME = Path.of(System.getProperty("leti.home", "..")).toAbsolutePath().normalize();
  private static final Path LETI = HOME.resolve("scripts/leti");
  private static final Path SUBMIT_JAR = HOME.resolve("cli/target/leti-submit.jar");

  record Result(int exit, String out, String err) {}

  static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile());
    pb.environment().put("LETI_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("leti-out", ".txt");
    Path err = Files.createTempFile("leti-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      // a guard against hangs, not a speed check: the ITs' demo takes about 150 s on 2 quiet cores
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("not finished in 300 s: " + Arrays.toString(command) + "\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  @Test
  void theLauncherRunsCommandsLocally() throws Exception {
    Result version = run(Map.of(), LETI.toString(), "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("leti 0.1.0");

    Result describe = run(Map.of(), LETI.toString(), "features", "describe", "--space", "nb101",
        "--cell", "{\"matrix\":[[0,1],[0,0]],\"ops\":[\"input\",\"output\"]}");
    assertThat(describe.exit()).as(describe.err()).isZero();
    assertThat(describe.out()).contains("\"hash\":\"043721b9c7fe8c5fad811d47d83132ec\"");

    Result wrong = run(Map.of(), LETI.toString(), "featurez");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err().strip()).startsWith("leti: ").doesNotContain("\n");
  }

  @Test
  void aClusterMasterHandsTheCommandToSparkSubmit(@TempDir Path bin) throws Exception {
    Path record = bin.resolve("args.txt");
    Path stub = bin.resolve("spark-submit");
    Files.writeString(stub, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > " + record + "\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r = run(Map.of("PATH", bin + ":" + System.getenv("PATH"), "SPARK_HOME", ""),
        LETI.toString(), "features", "columns", "--master", "yarn", "--space", "nb201");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllLines(record)).containsExactly("--master", "yarn", "--class", "dev.leti.cli.Leti",
        SUBMIT_JAR.toString(), "features", "columns", "--space", "nb201");

    Result none = run(Map.of("PATH", "/usr/bin:/bin", "SPARK_HOME", ""), LETI.toString(), "features", "columns",
        "--master", "spark://h:7077", "--space", "nb201");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("--master spark://h:7077 needs spark-submit");
  }

  @Test
  void theSubmitJarRunsUnderRealSparkSubmitWithOnlySparkOnTheClasspath() throws Exception {
    // what a cluster provides: Spark's jars, not leti's nor picocli
    String sparkOnly = Arrays.stream(Files.readString(HOME.resolve("cli/target/classpath.txt")).strip().split(":"))
        .filter(jar -> !jar.contains("/dev/leti/") && !jar.startsWith(HOME.toString()) && !jar.contains("picocli"))
        .collect(Collectors.joining(":"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + HOME.resolve("scripts/lib/java17-opens.args"),
        "-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[1]", "--class", "dev.leti.cli.Leti", SUBMIT_JAR.toString(),
        "features", "describe", "--space", "nb201", "--index", "0"));
    Result r = run(Map.of(), command.toArray(new String[0]));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"index\":0,\"arch\":\"|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|");
  }
}
