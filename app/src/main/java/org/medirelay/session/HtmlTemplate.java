package org.medirelay.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/**
 * A page under {@code templates/} with {@code {{name}}} placeholders, read once. Every value is
 * HTML-escaped, so nothing from a token or a URL can inject markup; {@link #raw} marks values that
 * are already safe.
 */
final class HtmlTemplate {

  /** A value inserted as is; the caller guarantees it is safe in its position. */
  record Raw(String html) {}

  private final String text;

  HtmlTemplate(String resource) {
    try (InputStream in = HtmlTemplate.class.getResourceAsStream("/templates/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing template " + resource);
      }
      this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Raw raw(String html) {
    return new Raw(html);
  }

  String render(Map<String, ?> values) {
    String page = text;
    for (Map.Entry<String, ?> entry : values.entrySet()) {
      Object value = entry.getValue();
      String html =
          value instanceof Raw raw
              ? raw.html()
              : HtmlUtils.htmlEscape(String.valueOf(value), "UTF-8");
      page = page.replace("{{" + entry.getKey() + "}}", html);
    }
    return page;
  }
}
