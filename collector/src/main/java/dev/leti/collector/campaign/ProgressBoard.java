package dev.leti.collector.campaign;

import dev.leti.collector.session.MeasuredSession;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One progress line per device: done/total, ETA, current arch, temperature. On a terminal the lines are redrawn
 * in place (ANSI cursor moves); otherwise (a log file, a pipe) one line is printed per finished session.
 */
public final class ProgressBoard implements CampaignListener {
  private final PrintStream out;
  private final boolean redraw;
  private final Map<String, Bar> bars = new LinkedHashMap<>();
  private int drawnLines;

  private static final class Bar {
    int total;
    int done;
    int doneAtStart;
    long startNanos = System.nanoTime();
    String current = "";
    Double temperatureC;
    String note = "";
  }

  public ProgressBoard(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  @Override
  public synchronized void deviceStarted(String deviceId, int total, int alreadyDone) {
    Bar b = bars.computeIfAbsent(deviceId, d -> new Bar());
    b.total = total;
    b.done = alreadyDone;
    b.doneAtStart = alreadyDone;
    draw(deviceId);
  }

  @Override
  public synchronized void sessionStarting(String deviceId, CampaignPlan.Slot slot, Double temperatureC) {
    Bar b = bars.computeIfAbsent(deviceId, d -> new Bar());
    b.current = slot.arch() + (slot.reference() ? " (reference)" : "");
    b.temperatureC = temperatureC;
    b.note = "";
    if (redraw) {
      draw(deviceId);
    }
  }

  @Override
  public synchronized void sessionWritten(String deviceId, MeasuredSession session, long nanos) {
    Bar b = bars.computeIfAbsent(deviceId, d -> new Bar());
    b.done++;
    b.note = session.isOk() ? "" : " FAILED: " + session.failure();
    draw(deviceId);
  }

  @Override
  public synchronized void deviceRetry(String deviceId, String reason, int retry, java.time.Duration wait) {
    out.println(deviceId + ": retry " + retry + " in " + wait.toMillis() + " ms: " + reason);
    drawnLines = 0;
  }

  static String line(String deviceId, int done, int total, long etaSeconds, String current, Double temperatureC) {
    int width = 20;
    int filled = total == 0 ? width : (int) ((long) width * done / total);
    return String.format(Locale.ROOT, "%-28s [%s%s] %d/%d eta %s  %s%s", deviceId, "#".repeat(filled),
        ".".repeat(width - filled), done, total, etaSeconds < 0 ? "?" : formatSeconds(etaSeconds), current,
        temperatureC == null ? "" : String.format(Locale.ROOT, "  %.1f°C", temperatureC));
  }

  static String formatSeconds(long s) {
    return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60) + "m" : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }

  private void draw(String changed) {
    if (!redraw) {
      Bar b = bars.get(changed);
      out.println(line(changed, b.done, b.total, eta(b), b.current, b.temperatureC) + b.note);
      return;
    }
    if (drawnLines > 0) {
      out.print("\033[" + drawnLines + "F"); // back to the first bar
    }
    for (Map.Entry<String, Bar> e : bars.entrySet()) {
      Bar b = e.getValue();
      out.print("\033[2K" + line(e.getKey(), b.done, b.total, eta(b), b.current, b.temperatureC) + b.note + "\n");
    }
    drawnLines = bars.size();
    out.flush();
  }

  private static long eta(Bar b) {
    int doneNow = b.done - b.doneAtStart;
    if (doneNow <= 0) {
      return -1;
    }
    double perSession = (System.nanoTime() - b.startNanos) / 1e9 / doneNow;
    return Math.round(perSession * (b.total - b.done));
  }
}
