package dev.leti.jobs.io;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180: fields may be quoted, a quote inside doubled). */
public final class CsvLine {
  private CsvLine() {}

  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c != '\r') {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
