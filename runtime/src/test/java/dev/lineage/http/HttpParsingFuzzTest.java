package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whatever a client sends in a query string or a JSON body is parsed, or refused as a 400 with a
 * reason ({@link ApiException}; the query decoder's {@link IllegalArgumentException}, which the
 * server answers as a 400): never another exception, which would be a 500.
 */
class HttpParsingFuzzTest {
  /** A body form the API reads: a list of ids and a direction, as the closure question is. */
  record Question(List<String> starts, String direction, Integer maxDepth) {}

  @FuzzTest(maxDuration = "15s")
  void anyQueryStringParsesOrIsABadRequest(byte[] bytes) {
    String rawQuery = new String(bytes, StandardCharsets.UTF_8);
    try {
      QueryStrings.parse(rawQuery);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "15s")
  void anyBodyReadsOrIsABadRequest(byte[] body) {
    try {
      JsonBody.value(body, Question.class);
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
