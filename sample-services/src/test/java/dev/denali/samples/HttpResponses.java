package dev.denali.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits what a service sent on a flow into HTTP responses (by Content-Length; none means an
 * empty body, as for 204), for assertions on status, headers and body.
 */
final class HttpResponses {
  private HttpResponses() {}

  /** One response; header names are lower-cased, the body is ISO-8859-1 text. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  static List<Response> parse(String text) {
    List<Response> out = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        throw new IllegalArgumentException("incomplete response at " + at + ": " + text);
      }
      String[] lines = text.substring(at, headEnd).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (!statusLine[0].equals("HTTP/1.1")) {
        throw new IllegalArgumentException("not a status line: " + lines[0]);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      int bodyStart = headEnd + 4;
      out.add(new Response(Integer.parseInt(statusLine[1]), headers,
          text.substring(bodyStart, bodyStart + length)));
      at = bodyStart + length;
    }
    return out;
  }

  static Response one(String text) {
    List<Response> all = parse(text);
    if (all.size() != 1) {
      throw new IllegalArgumentException("expected one response, got " + all.size() + ": "
          + text);
    }
    return all.get(0);
  }
}
