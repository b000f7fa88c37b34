package dev.lineage.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies read as JSON, strictly: a field named twice ({@code {"depth":1,"depth":9}}) or
 * anything after the value ({@code {...} {...}}) is refused rather than read one way here and
 * another by the caller's tools. Every mistake is a 400 whose message says what is wrong and where,
 * in the caller's terms: never the parser's class names or settings.
 */
public final class JsonBody {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  // "Document nesting depth (1001) exceeds the maximum allowed (1000, from `...`)"
  private static final Pattern LIMIT =
      Pattern.compile("^(.+?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
  private static final Pattern SOURCE = Pattern.compile("\\s*\\(?[a-z ]*\\[Source: [^\\]]*\\]\\)?");

  private JsonBody() {}

  /** The body as a JSON tree; an empty body is a missing node. */
  public static JsonNode tree(byte[] body) {
    try {
      return STRICT.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest(describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("the body could not be read");
    }
  }

  /** The body read into {@code type}; a body of another form is a 400 that says where. */
  public static <T> T value(byte[] body, Class<T> type) {
    try {
      return STRICT.readValue(body, type);
    } catch (JacksonException e) {
      throw ApiException.badRequest(describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("the body could not be read");
    }
  }

  /** What is wrong with a body, for its sender. */
  static String describe(JacksonException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      Matcher m = LIMIT.matcher(original);
      return m.find()
          ? "the body is over a limit of this server: "
              + m.group(1).toLowerCase(Locale.ROOT)
              + " "
              + m.group(2)
              + ", at most "
              + m.group(3)
          : "the body is over a size limit of this server";
    }
    if (e instanceof UnrecognizedPropertyException u) {
      StringJoiner known = new StringJoiner(", ");
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      }
      return "the body has an unknown field '"
          + u.getPropertyName()
          + "'"
          + (known.length() == 0 ? "" : "; expected " + known);
    }
    if (original.startsWith("Trailing token")) {
      return "the body has more after its JSON value" + at(e.getLocation());
    }
    if (original.startsWith("Duplicate field '")) {
      int end = original.indexOf('\'', "Duplicate field '".length());
      String name = end < 0 ? "" : original.substring("Duplicate field '".length(), end);
      return "the body names the field '" + name + "' twice" + at(e.getLocation());
    }
    if (e instanceof JsonEOFException) {
      return "the body ends inside its JSON value" + at(e.getLocation());
    }
    if (e instanceof JsonMappingException m) {
      return "the body does not have the expected form" + pointer(m);
    }
    String detail =
        SOURCE
            .matcher(original.lines().findFirst().orElse(""))
            .replaceAll("")
            .replaceAll(" \\(code \\d+\\)", "");
    boolean readable =
        !detail.isBlank()
            && detail.indexOf('`') < 0
            && !detail.toLowerCase(Locale.ROOT).contains("jackson");
    return "the body is not JSON" + (readable ? ": " + detail : "") + at(e.getLocation());
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** Where in the body a mapping failed, as a JSON Pointer; empty at the top. */
  private static String pointer(JsonMappingException e) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      p.append('/');
      if (r.getFieldName() != null) {
        p.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else if (r.getIndex() >= 0) {
        p.append(r.getIndex());
      }
    }
    return p.length() == 0 ? "" : " at " + p;
  }
}
