package dev.leti.cli;

import dev.leti.runner.Runner;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.RunnerProtocol;
import dev.leti.runner.host.HostTfliteBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti run-local}: the phone runner's benchmark on this machine's CPU (TFLite through DJL). */
@Command(
    name = "run-local",
    mixinStandardHelpOptions = true,
    description = {
        "Measures a .tflite model on this machine with the runner a phone uses, printing its JSON lines:",
        "a header (runtime, backend, device id host-tflite-<backend>-<threads>t, init and first-inference time),",
        "one line per inference (index, warmup, latency_ns, start_ns, started_at_ms) and a trailer (status).",
        "On failure: one JSON error line, and exit code 1 (2 for a bad option)."})
final class RunLocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "F.tflite", description = "the model to run")
  Path model;

  @Option(names = "--warmup", defaultValue = "" + RunnerOptions.WARMUP_DEFAULT,
      description = "warm-up inferences, reported and flagged (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--runs", defaultValue = "" + RunnerOptions.RUNS_DEFAULT,
      description = "measured inferences (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--threads", description = "interpreter threads (default: all cores)")
  Integer threads;

  @Option(names = "--backend", defaultValue = "cpu", description = "cpu (default) or xnnpack")
  String backend;

  @Option(names = "--pause-ms", defaultValue = "0", description = "pause between inferences (default 0)")
  int pauseMs;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(model)) {
      throw new UserException("--model " + model + ": no such file");
    }
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(RunnerProtocol.VERSION));
    args.add(RunnerOptions.MODEL + "=" + model);
    args.add(RunnerOptions.WARMUP + "=" + warmup);
    args.add(RunnerOptions.RUNS + "=" + runs);
    args.add(RunnerOptions.THREADS + "=" + (threads != null ? threads : Runtime.getRuntime().availableProcessors()));
    args.add(RunnerOptions.BACKEND + "=" + backend);
    args.add(RunnerOptions.PAUSE_MS + "=" + pauseMs);
    // the runner prints its own error line (JSON on stdout, one line on stderr): its status is the exit code
    return Runner.run(new HostTfliteBackend(), args.toArray(new String[0]), spec.commandLine().getOut(),
        spec.commandLine().getErr(), false);
  }
}
