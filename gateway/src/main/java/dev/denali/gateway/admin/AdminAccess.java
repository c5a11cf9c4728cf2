package dev.denali.gateway.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call the admin API. A request is served only if it carries the token
 * ({@code Authorization: Bearer TOKEN}), names this API's own address in its Host header (a web
 * page whose domain an attacker points at 127.0.0.1, "DNS rebinding", sends its own name), and
 * does not come from a web page of another origin ({@code Origin}, {@code Sec-Fetch-Site}). A
 * browser can thus neither read nor change anything here, whatever page it opens.
 */
final class AdminAccess {
  /** Why a request is refused, as the status and message the client gets. */
  record Refusal(HttpResponseStatus status, String message) {}

  private final String token;
  /** Lower-case host names (no port) that Host may give; empty: any (a wildcard bind). */
  private final Set<String> hosts = new HashSet<>();
  private final Set<String> origins = new HashSet<>();
  private final boolean anyHost;

  AdminAccess(AdminConfig config, int port) {
    this.token = config.token();
    this.anyHost = isWildcard(config.bind());
    hosts.add("localhost");
    hosts.add("127.0.0.1");
    hosts.add("[::1]");
    hosts.add(config.bind().contains(":") && !config.bind().startsWith("[")
        ? "[" + config.bind() + "]" : config.bind());
    for (String h : config.hosts()) {
      hosts.add(h.toLowerCase(Locale.ROOT));
    }
    String scheme = config.tls() ? "https://" : "http://";
    for (String h : hosts) {
      origins.add(scheme + h.toLowerCase(Locale.ROOT) + ":" + port);
    }
  }

  private static boolean isWildcard(String bind) {
    try {
      return InetAddress.getByName(bind).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Null when {@code req} may be served, else why not. */
  Refusal check(HttpRequest req) {
    Refusal refused = checkPage(req);
    return refused != null ? refused : checkToken(req);
  }

  /**
   * Null when {@code req} may fetch one of the dashboard's own files (which hold no data: the
   * page reads the API with the token): the Host and cross-origin checks, without the token.
   */
  Refusal checkPage(HttpRequest req) {
    String host = req.headers().get(HttpHeaderNames.HOST);
    if (host == null || host.isBlank()) {
      return new Refusal(HttpResponseStatus.BAD_REQUEST, "a Host header is required");
    }
    if (!anyHost && !hosts.contains(hostName(host))) {
      return new Refusal(HttpResponseStatus.FORBIDDEN, "this admin API does not answer to"
          + " that Host (give the server --admin-host NAME to allow a name)");
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return new Refusal(HttpResponseStatus.FORBIDDEN, "cross-origin requests are refused");
    }
    String site = req.headers().get("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
      return new Refusal(HttpResponseStatus.FORBIDDEN, "cross-site requests are refused");
    }
    return null;
  }

  private Refusal checkToken(HttpRequest req) {
    String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).strip() : null;
    if (!AdminToken.matches(token, given)) {
      return new Refusal(HttpResponseStatus.UNAUTHORIZED, given == null
          ? "this API needs the kernel's admin token (Authorization: Bearer TOKEN; `denali"
              + " admin` reads it from the token file the kernel wrote)"
          : "wrong admin token");
    }
    return null;
  }

  /** The host name of a Host header, lower case, without the port. */
  static String hostName(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(0, close + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }
}
