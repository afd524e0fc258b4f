package dev.leti.runner;

/**
 * Builds one JSON object on one line. The runner avoids a JSON library: it is dexed and pushed to phones, and
 * writes only flat objects of strings, numbers and booleans.
 */
public final class JsonLine {
  private final StringBuilder s = new StringBuilder(128);

  private JsonLine(String type) {
    s.append("{\"").append(RunnerProtocol.TYPE).append("\":");
    string(type);
  }

  /** A line of the given {@link RunnerProtocol#TYPE}. */
  public static JsonLine of(String type) {
    return new JsonLine(type);
  }

  public JsonLine put(String key, long value) {
    key(key).append(value);
    return this;
  }

  public JsonLine put(String key, boolean value) {
    key(key).append(value);
    return this;
  }

  /** A string field; null values are left out. */
  public JsonLine put(String key, String value) {
    if (value != null) {
      key(key);
      string(value);
    }
    return this;
  }

  @Override
  public String toString() {
    return s + "}";
  }

  private StringBuilder key(String key) {
    s.append(',');
    string(key);
    return s.append(':');
  }

  private void string(String value) {
    s.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          s.append("\\\"");
          break;
        case '\\':
          s.append("\\\\");
          break;
        case '\n':
          s.append("\\n");
          break;
        case '\r':
          s.append("\\r");
          break;
        case '\t':
          s.append("\\t");
          break;
        default:
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
      }
    }
    s.append('"');
  }
}
