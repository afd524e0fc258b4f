package dev.leti.collector;

import java.io.PrintStream;
import java.nio.file.Path;

/** A host campaign in its own JVM, for tests that kill the collector: {@code <dir> <cells> <referenceEvery>}. */
public final class CollectInChildProcess {
  private CollectInChildProcess() {}

  public static void main(String... args) throws Exception {
    Path dir = Path.of(args[0]);
    var plan = HostCampaignTest.plan(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    var result = Collector.collect(HostCampaignTest.request(dir, plan), new PrintStream(System.err), false);
    System.out.println(result.summary());
    System.exit(result.complete() ? 0 : 1);
  }
}
