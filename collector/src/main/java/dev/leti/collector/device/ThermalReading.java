package dev.leti.collector.device;

/**
 * What a device says of its heat before a session: the hottest temperature it reports (battery or thermal zone,
 * °C; null when it reports none) and Android's thermal status (0 none … 6 shutdown; null when unknown).
 */
public record ThermalReading(Double temperatureC, Integer thermalStatus) {
  public static final ThermalReading UNKNOWN = new ThermalReading(null, null);
}
