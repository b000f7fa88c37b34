package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
  private static String refusal(String body) {
    try {
      JsonBody.tree(body.getBytes(StandardCharsets.UTF_8));
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + body);
  }

  @Test
  void aFieldNamedTwiceIsRefusedByName() {
    assertThat(refusal("{\"depth\":1,\"depth\":9}"))
        .isEqualTo("the body names the field 'depth' twice (line 1, column 19)");
  }

  @Test
  void anythingAfterTheValueIsRefused() {
    assertThat(refusal("{\"a\":1} {\"b\":2}")).startsWith("the body has more after its JSON value");
    assertThat(refusal("{\"a\":1} x")).startsWith("the body is not JSON");
  }

  @Test
  void limitsAndSyntaxErrorsAreSaidWithoutTheParsersInternals() {
    assertThat(refusal("[".repeat(1500) + "]".repeat(1500)))
        .isEqualTo(
            "the body is over a limit of this server: document nesting depth 1001, at most 1000");
    assertThat(refusal("{not json"))
        .startsWith("the body is not JSON: Unexpected character")
        .endsWith("(line 1, column 2)");
    assertThat(refusal("{\"a\":")).startsWith("the body ends inside its JSON value");
    for (String body : new String[] {"{not json", "{\"a\":", "[".repeat(1500), "{\"a\":1} x"}) {
      assertThat(refusal(body))
          .doesNotContain("`")
          .doesNotContain("Source")
          .doesNotContain("(code");
    }
  }

  @Test
  void aWellFormedBodyIsRead() {
    assertThat(JsonBody.tree("{\"a\":[1,2]}\n".getBytes()).at("/a/1").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> JsonBody.value("[]".getBytes(), Record.class))
        .isInstanceOf(ApiException.class)
        .hasMessage("the body does not have the expected form");
  }

  record Record(int a) {}
}
