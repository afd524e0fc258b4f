package dev.leti.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.collector.device.LineSink;
import dev.leti.runner.RunnerProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the runner's JSON lines as they stream (field names from {@link RunnerProtocol}): the header, every run,
 * then a trailer or an error line. {@link #problem()} says what makes the output unusable; a session is written
 * only when there is none, so a cut or garbled stream never becomes half a session.
 */
public final class RunnerOutput implements LineSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The header's fields the lake keeps. */
  public record Header(int protocol, String runtimeVersion, String backend, String fallbackReason, long initNs,
      long firstInferenceNs, int warmup, int runs) {}

  /** One inference. */
  public record Run(int index, boolean warmup, long latencyNs, long startedAtMs) {}

  private Header header;
  private final List<Run> runs = new ArrayList<>();
  private boolean trailerOk;
  private long latencySumNs;
  private String problem;

  @Override
  public void line(String line) {
    if (line.isBlank() || problem != null) {
      return;
    }
    if (!line.startsWith("{")) {
      return; // app_process and the runtime may print plain log lines on stdout; the protocol lines are JSON
    }
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (Exception e) {
      problem = "unreadable runner line: " + abbreviate(line);
      return;
    }
    String type = n.path(RunnerProtocol.TYPE).asText();
    switch (type) {
      case RunnerProtocol.HEADER -> header(n);
      case RunnerProtocol.RUN -> run(n);
      case RunnerProtocol.TRAILER -> trailer(n);
      case RunnerProtocol.ERROR -> problem = "runner " + n.path(RunnerProtocol.STAGE).asText() + " failed: "
          + n.path(RunnerProtocol.MESSAGE).asText() + " (" + n.path(RunnerProtocol.EXCEPTION).asText() + ")";
      default -> problem = "unknown runner line type '" + type + "'";
    }
  }

  private void header(JsonNode n) {
    int protocol = n.path(RunnerProtocol.PROTOCOL).asInt(-1);
    if (protocol != RunnerProtocol.VERSION) {
      problem = "runner speaks protocol " + protocol + ", the collector " + RunnerProtocol.VERSION;
      return;
    }
    header = new Header(protocol, n.path(RunnerProtocol.RUNTIME_VERSION).asText(null),
        n.path(RunnerProtocol.BACKEND).asText(null),
        n.hasNonNull(RunnerProtocol.FALLBACK_REASON) ? n.get(RunnerProtocol.FALLBACK_REASON).asText() : null,
        n.path(RunnerProtocol.INIT_NS).asLong(), n.path(RunnerProtocol.FIRST_INFERENCE_NS).asLong(),
        n.path(RunnerProtocol.WARMUP).asInt(), n.path(RunnerProtocol.RUNS).asInt());
  }

  private void run(JsonNode n) {
    if (header == null) {
      problem = "run line before the header";
      return;
    }
    int index = n.path(RunnerProtocol.INDEX).asInt(-1);
    if (index != runs.size() || !n.path(RunnerProtocol.LATENCY_NS).canConvertToLong()) {
      problem = "run line out of order or incomplete: " + n;
      return;
    }
    runs.add(new Run(index, n.path(RunnerProtocol.WARMUP).asBoolean(), n.path(RunnerProtocol.LATENCY_NS).asLong(),
        n.path(RunnerProtocol.STARTED_AT_MS).asLong()));
  }

  private void trailer(JsonNode n) {
    trailerOk = RunnerProtocol.STATUS_OK.equals(n.path(RunnerProtocol.STATUS).asText());
    latencySumNs = n.path(RunnerProtocol.LATENCY_SUM_NS).asLong();
  }

  /** Null when the output is a complete session: header, every run announced, an ok trailer. */
  public String problem() {
    if (problem != null) {
      return problem;
    }
    if (header == null) {
      return "the runner printed no header";
    }
    if (!trailerOk) {
      return "the runner stopped after " + runs.size() + " of " + (header.warmup() + header.runs()) + " runs";
    }
    if (runs.size() != header.warmup() + header.runs()) {
      return "the runner reported " + runs.size() + " runs, its header announced " + (header.warmup() + header.runs());
    }
    return null;
  }

  public Header header() {
    return header;
  }

  /** How many run lines were read so far. */
  public int runCount() {
    return runs.size();
  }

  public List<Run> runs() {
    return List.copyOf(runs);
  }

  public long latencySumNs() {
    return latencySumNs;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
