package dev.leti.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page: inline CSS, no script, no external resource. Every string that reaches the page goes
 * through {@link #escape}, so a device id or a feature name cannot inject markup.
 */
final class HtmlPage {
  private static final String STYLE = String.join("\n",
      "body{font-family:sans-serif;margin:2em auto;max-width:1400px;color:#222;padding:0 1em}",
      "h1{border-bottom:2px solid #446}h2{border-bottom:1px solid #99a;margin-top:2em}",
      "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccd;padding:2px 8px}",
      "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eef}",
      ".note{background:#fff6d5;border-left:4px solid #e0b000;padding:.6em 1em}",
      ".grid{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}",
      "figure{margin:0}figcaption{font-size:90%;color:#555;max-width:640px}.muted{color:#666}");

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
  }

  /** Text as HTML: the five characters with meaning in markup or attributes become entities. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  HtmlPage heading(int level, String text) {
    body.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A highlighted remark, e.g. that a section's table is missing and which command makes it. */
  HtmlPage note(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A table; cells that read as numbers are right-aligned. */
  HtmlPage table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String cell : row) {
        body.append(isNumber(cell) ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** An image in the output folder, by its file name, with a caption. */
  HtmlPage figure(String file, String caption) {
    body.append("<figure><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(caption))
        .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
    return this;
  }

  /** Figures or tables side by side until {@link #endGrid}. */
  HtmlPage grid() {
    body.append("<div class=\"grid\">\n");
    return this;
  }

  HtmlPage endGrid() {
    body.append("</div>\n");
    return this;
  }

  /** A block of the grid with a small heading, closed by {@link #endBlock}. */
  HtmlPage block(String heading) {
    body.append("<div><h4>").append(escape(heading)).append("</h4>\n");
    return this;
  }

  HtmlPage endBlock() {
    body.append("</div>\n");
    return this;
  }

  String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + "</title>\n<style>\n" + STYLE + "\n</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
        + "</body>\n</html>\n";
  }

  /** A number for a table cell: {@code digits} decimals, an en dash for NaN (no value). */
  static String number(double value, int digits) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  private static boolean isNumber(String cell) {
    return cell.equals("–") || cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( %| ms| s)?");
  }
}
