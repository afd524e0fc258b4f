package dev.leti.collector.campaign;

import java.time.Duration;

/** Waiting, injected so that retry and cool-down policies are tested without waiting. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration d) throws InterruptedException;
}
