package dev.leti.collector.session;

import dev.leti.collector.ArchRef;
import java.util.regex.Pattern;

/**
 * Names one session slot of a campaign: campaign, device, arch and slot ({@code m} the arch's own measurement,
 * {@code r<k>} the k-th reference re-measurement). An attempt's session id, which is also its batch id, is the
 * key plus {@code -a<attempt>}: deterministic, so a restarted campaign finds what it committed and clears what
 * a crash left of an attempt.
 */
public record SessionKey(String campaign, String deviceId, ArchRef arch, String slot) {
  public static final Pattern CAMPAIGN = Pattern.compile("[a-z0-9][a-z0-9.]{0,39}");
  static final String PREFIX = "col-";

  public SessionKey {
    if (campaign == null || !CAMPAIGN.matcher(campaign).matches()) {
      throw new IllegalArgumentException("invalid campaign id '" + campaign + "' (expected " + CAMPAIGN.pattern() + ")");
    }
    if (slot == null || !slot.matches("m|r[0-9]+")) {
      throw new IllegalArgumentException("invalid session slot '" + slot + "'");
    }
  }

  public String value() {
    return devicePrefix(campaign, deviceId) + arch.space() + "-" + arch.id() + "-" + slot;
  }

  public String sessionId(int attempt) {
    return value() + "-a" + attempt;
  }

  /** What every batch of a campaign on a device starts with. */
  public static String devicePrefix(String campaign, String deviceId) {
    return PREFIX + campaign + "-" + deviceId + "-";
  }

  /** The key part of a session id ({@code <key>-a<n>}), or null for another kind of batch id. */
  static String keyOf(String sessionId) {
    int a = sessionId.lastIndexOf("-a");
    return a < 0 || !sessionId.substring(a + 2).matches("[0-9]+") ? null : sessionId.substring(0, a);
  }
}
