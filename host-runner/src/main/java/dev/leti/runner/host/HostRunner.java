package dev.leti.runner.host;

import dev.leti.runner.Runner;

/** The runner on this machine: same arguments and output as on a phone ({@code 1 model=... warmup=5 runs=30}). */
public final class HostRunner {
  private HostRunner() {}

  public static void main(String... args) {
    Runner.main(new HostTfliteBackend(), args);
  }
}
