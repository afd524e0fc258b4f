package dev.leti.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  @Test
  void writesValidJsonWithEscapedStringsAndSkipsNulls() throws Exception {
    String tricky = "a \"quoted\" \\ path\nwith\ttabs and \u0001 control";
    String line = JsonLine.of("error").put("message", tricky).put("n", -42L).put("ok", true)
        .put("absent", (String) null).toString();
    assertThat(line).doesNotContain("\n");
    JsonNode node = new ObjectMapper().readTree(line);
    assertThat(node.get("type").asText()).isEqualTo("error");
    assertThat(node.get("message").asText()).isEqualTo(tricky);
    assertThat(node.get("n").asLong()).isEqualTo(-42);
    assertThat(node.get("ok").asBoolean()).isTrue();
    assertThat(node.has("absent")).isFalse();
  }
}
