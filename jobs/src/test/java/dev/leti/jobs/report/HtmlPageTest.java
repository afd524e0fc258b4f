package dev.leti.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlPageTest {
  @Test
  void everyStringIsEscapedInTextTablesAndAttributes() {
    String evil = "<img src=x onerror=\"alert('1')\">&";
    String page = new HtmlPage(evil).heading(2, evil).paragraph(evil).note(evil)
        .table(List.of(evil), List.of(List.of(evil))).figure("001-a.png", evil).render();
    assertThat(page).doesNotContain("<img src=x", "onerror=\"", "alert('1')")
        .contains("&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;");
  }

  @Test
  void numbersAreRightAlignedAndNaNIsADash() {
    String page = new HtmlPage("t").table(List.of("a", "b"), List.of(List.of("gbt", HtmlPage.number(Double.NaN, 3)),
        List.of("1,600", HtmlPage.number(0.12345, 3)))).render();
    assertThat(page).contains("<td>gbt</td><td class=\"n\">–</td>", "<td class=\"n\">1,600</td><td class=\"n\">0.123</td>");
  }
}
