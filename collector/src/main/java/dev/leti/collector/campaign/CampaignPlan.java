package dev.leti.collector.campaign;

import dev.leti.collector.ArchRef;
import dev.leti.collector.session.SessionKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a campaign measures and how. The campaign id defaults to a hash of what decides the measurements (archs,
 * warm-up and measured runs, reference), so running the same command again resumes the same campaign.
 *
 * @param referenceEvery re-measure {@code reference} before every {@code referenceEvery}-th arch (0: never)
 */
public record CampaignPlan(String campaign, List<ArchRef> archs, int warmup, int runs, String backend,
    ArchRef reference, int referenceEvery, Duration sessionTimeout) {

  public CampaignPlan {
    archs = List.copyOf(archs);
    if (archs.isEmpty()) {
      throw new IllegalArgumentException("a campaign needs at least one architecture");
    }
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException("warmup must be >= 0 and runs >= 1, got " + warmup + ", " + runs);
    }
    if (referenceEvery < 0 || (referenceEvery > 0 && reference == null)) {
      throw new IllegalArgumentException("reference every " + referenceEvery + " sessions needs a reference arch");
    }
    if (campaign == null) {
      campaign = defaultId(archs, warmup, runs, backend, reference, referenceEvery);
    }
    if (!SessionKey.CAMPAIGN.matcher(campaign).matches()) {
      throw new IllegalArgumentException("invalid campaign id '" + campaign + "' (expected " + SessionKey.CAMPAIGN.pattern() + ")");
    }
  }

  /** One session slot of the plan on a device. */
  public record Slot(ArchRef arch, String slot, boolean reference) {}

  /** The sessions of the plan in order: the reference before every {@code referenceEvery}-th arch, then the arch. */
  public List<Slot> slots() {
    List<Slot> out = new ArrayList<>();
    for (int i = 0; i < archs.size(); i++) {
      if (referenceEvery > 0 && i % referenceEvery == 0) {
        out.add(new Slot(reference, "r" + (i / referenceEvery), true));
      }
      out.add(new Slot(archs.get(i), "m", false));
    }
    return out;
  }

  static String defaultId(List<ArchRef> archs, int warmup, int runs, String backend, ArchRef reference, int every) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder s = new StringBuilder().append(warmup).append('/').append(runs).append('/').append(backend)
          .append('/').append(reference).append('/').append(every);
      archs.forEach(a -> s.append('/').append(a));
      return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform provides SHA-256", e);
    }
  }
}
