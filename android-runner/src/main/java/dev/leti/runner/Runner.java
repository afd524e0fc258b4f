package dev.leti.runner;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The runner's entry point for every backend: parses the arguments, runs one {@link BenchmarkSession} and turns
 * any failure into one error line on stdout (and one readable line on stderr) and a non-zero exit status.
 */
public final class Runner {
  private Runner() {}

  /**
   * For a backend's {@code main}: runs, prints stack traces of failures to stderr (the only log a phone run
   * leaves), and always exits with an explicit status, because runtime threads (GPU delegates, thread pools) could
   * otherwise keep the process alive.
   */
  public static void main(Backend backend, String... args) {
    int status = RunnerProtocol.EXIT_FAILURE;
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.forName("UTF-8")));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.forName("UTF-8")), true);
    try {
      status = run(backend, args, out, err, true);
    } catch (Throwable t) {
      // run() reports everything it can; this is the last resort for an error while reporting
      t.printStackTrace();
    } finally {
      out.flush();
      err.flush();
      System.exit(status);
    }
  }

  /**
   * Runs one session; returns the exit status ({@link RunnerProtocol#EXIT_OK} when every run was done).
   *
   * @param stackTraces print the stack trace of a failure that is not a usage error to {@code err}
   */
  public static int run(Backend backend, String[] args, PrintWriter out, PrintWriter err, boolean stackTraces) {
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args, backend.defaultBackend());
    } catch (UsageException e) {
      return fail(out, err, RunnerProtocol.STAGE_ARGUMENTS, e, RunnerProtocol.EXIT_USAGE);
    }
    for (String warning : options.warnings()) {
      err.println("leti-runner: warning: " + warning);
    }
    BenchmarkSession session = new BenchmarkSession(backend, options, out);
    try {
      session.run();
      return RunnerProtocol.EXIT_OK;
    } catch (UsageException e) {
      return fail(out, err, session.stage(), e, RunnerProtocol.EXIT_USAGE);
    } catch (Throwable t) {
      // everything else, Errors included (UnsatisfiedLinkError for a missing native library is one)
      if (stackTraces) {
        t.printStackTrace(err);
      }
      return fail(out, err, session.stage(), t, RunnerProtocol.EXIT_FAILURE);
    }
  }

  private static int fail(PrintWriter out, PrintWriter err, String stage, Throwable t, int status) {
    out.println(JsonLine.of(RunnerProtocol.ERROR)
        .put(RunnerProtocol.STAGE, stage)
        .put(RunnerProtocol.MESSAGE, String.valueOf(t.getMessage()))
        .put(RunnerProtocol.EXCEPTION, t.getClass().getName()));
    out.flush();
    err.println("leti-runner: " + stage + " failed: " + t.getMessage());
    err.flush();
    return status;
  }
}
