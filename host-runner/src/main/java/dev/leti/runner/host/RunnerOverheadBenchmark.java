package dev.leti.runner.host;

import dev.leti.runner.Runner;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.RunnerProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the runner costs beyond the inferences it times: runs a whole session on the host (the same code a phone
 * runs, output into memory as through an adb pipe) and compares the loop's wall time (first run start to last
 * line printed) with the sum of the latencies it reported.
 */
public final class RunnerOverheadBenchmark {
  private RunnerOverheadBenchmark() {}

  /** One session's figures. */
  public record Result(Path model, int runs, long wallNs, long latencySumNs, long sessionNs) {
    /** (wall - sum of latencies) / sum of latencies, over the timed loop. */
    public double overhead() {
      return (double) (wallNs - latencySumNs) / latencySumNs;
    }
  }

  /** Runs {@code warmup} + {@code runs} inferences of {@code model} on {@code threads} threads. */
  public static Result run(Path model, int warmup, int runs, int threads) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int status = Runner.run(new HostTfliteBackend(), new String[] {
        String.valueOf(RunnerProtocol.VERSION),
        RunnerOptions.MODEL + "=" + model,
        RunnerOptions.WARMUP + "=" + warmup,
        RunnerOptions.RUNS + "=" + runs,
        RunnerOptions.THREADS + "=" + threads}, new PrintWriter(out), new PrintWriter(err), false);
    long session = System.nanoTime() - start;
    if (status != RunnerProtocol.EXIT_OK) {
      throw new IllegalStateException("the runner failed on " + model + ": " + err.toString().strip());
    }
    String output = out.toString();
    return new Result(model, warmup + runs, trailerField(output, RunnerProtocol.WALL_NS),
        trailerField(output, RunnerProtocol.LATENCY_SUM_NS), session);
  }

  private static long trailerField(String output, String key) {
    String trailer = output.substring(output.lastIndexOf('\n', output.length() - 2) + 1);
    Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(trailer);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in the runner's trailer: " + trailer.strip());
    }
    return Long.parseLong(m.group(1));
  }
}
