package dev.leti.cli.workflow;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The log of one run: timestamped lines to the console and, when given, to the run's own file; each step is
 * timed, and a failure is written with its stack trace (the console gets one line).
 */
public final class RunLog implements AutoCloseable {
  private final PrintWriter console;
  private final Writer file;
  private final Path path;
  private String failedStep;

  public RunLog(PrintWriter console, Path path) throws IOException {
    this.console = console;
    this.path = path;
    if (path != null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      this.file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } else {
      this.file = null;
    }
  }

  public Path path() {
    return path;
  }

  /** The step that failed, or null. */
  public String failedStep() {
    return failedStep;
  }

  public void info(String message) {
    console.println(message);
    console.flush();
    toFile(message);
  }

  /** What a step does; its result is a one-line summary. */
  public interface Step {
    String run() throws Exception;
  }

  /** Runs a step between a start and an end line; a failure is logged whole and thrown on. */
  public void step(String name, Step step) throws Exception {
    long start = System.nanoTime();
    info("[" + name + "] ...");
    try {
      String summary = step.run();
      info(String.format(java.util.Locale.ROOT, "[%s] done in %.1f s%s", name, (System.nanoTime() - start) / 1e9,
          summary == null || summary.isEmpty() ? "" : ": " + summary));
    } catch (Exception | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      failedStep = name;
      info("[" + name + "] FAILED: " + e);
      toFile(trace.toString());
      throw e;
    }
  }

  private void toFile(String text) {
    if (file == null) {
      return;
    }
    try {
      file.write(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text + System.lineSeparator());
      file.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run log " + path, e);
    }
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
