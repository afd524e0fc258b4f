package dev.leti.collector.device;

/** Receives the runner's stdout line by line as it streams. */
@FunctionalInterface
public interface LineSink {
  void line(String line);
}
