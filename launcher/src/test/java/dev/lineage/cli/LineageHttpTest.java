package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineageHttpTest {
  @Test
  void baseUrlDropsTrailingSlashesAndKeepsAPrefix() {
    assertThat(LineageHttp.baseUrl(" http://127.0.0.1:8080/ ", "x").toString())
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(LineageHttp.baseUrl("HTTPS://lineage.example/api//", "x").toString())
        .isEqualTo("HTTPS://lineage.example/api");
  }

  @Test
  void baseUrlRefusesWhatIsNotAServerAddress() {
    assertThatThrownBy(() -> LineageHttp.baseUrl("localhost:8080", "http://HOST:PORT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected http://HOST:PORT, got localhost:8080");
    assertThatThrownBy(() -> LineageHttp.baseUrl("http://h:1/?q=1", "http://HOST:PORT"))
        .hasMessage("expected http://HOST:PORT, got http://h:1/?q=1");
    assertThatThrownBy(() -> LineageHttp.baseUrl("http://h:1/#top", "http://HOST:PORT"))
        .hasMessageStartingWith("expected");
    assertThatThrownBy(() -> LineageHttp.baseUrl("http://a b", "http://HOST:PORT"))
        .hasMessage("not a URL: http://a b");
  }
}
