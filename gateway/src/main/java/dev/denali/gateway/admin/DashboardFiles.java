package dev.denali.gateway.admin;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard's own files ({@code /dashboard}, {@code /dashboard.js}), resources of this
 * package: a page that reads the admin API once a second with the token the browser was given
 * in the address's fragment. They hold no data, so the admin server serves them without the
 * token (after its Host and cross-origin checks).
 */
final class DashboardFiles {
  private DashboardFiles() {}

  private static final Map<String, String> TYPES = Map.of(
      "dashboard", "text/html", "dashboard.js", "text/javascript");

  /** The file a GET of {@code req} asks for, or null when it asks for none of them. */
  static String name(HttpRequest req) {
    if (!req.method().equals(HttpMethod.GET)) {
      return null;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    String name = path.startsWith("/") ? path.substring(1) : path;
    return TYPES.containsKey(name) ? name : null;
  }

  static String type(String name) {
    return TYPES.get(name);
  }

  static String text(String name) {
    String file = name.endsWith(".js") ? name : name + ".html";
    try (InputStream in = DashboardFiles.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("BUG: the dashboard's " + file + " is not packaged");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
