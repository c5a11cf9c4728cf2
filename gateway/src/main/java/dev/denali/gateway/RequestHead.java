package dev.denali.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The little of an HTTP request head the gateway reads to route a connection: whether the head
 * is complete, and its Host header. Routing: {@code Host: hello}, {@code hello.example.com} or
 * {@code hello:8080} reach service "hello"; {@code 42.hello...} reaches its instance 42.
 */
final class RequestHead {
  private RequestHead() {}

  /** The index just past the blank line ending the head in {@code b[0, n)}, or -1. */
  static int end(byte[] b, int n) {
    for (int i = 3; i < n; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    for (int i = 1; i < n; i++) { // bare-LF heads, as lenient servers accept
      if (b[i] == '\n' && b[i - 1] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The host name of a Host value: lower case, without the port. */
  static String hostName(String host) {
    String v = host.trim().toLowerCase(Locale.ROOT);
    int port = v.lastIndexOf(':');
    return port > 0 && !v.endsWith("]") ? v.substring(0, port) : v;
  }

  /** A request head that cannot be routed safely: the status and text the client gets. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The Host header's value of the head {@code b[0, n)} (lower case, port removed), or null
   * when it has none.
   *
   * @throws Malformed when the request line is not HTTP's, or the head has two Host headers
   *     (a proxy and the guest could then pick different ones)
   */
  static String host(byte[] b, int n) throws Malformed {
    String head = new String(b, 0, n, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    if (!lines[0].matches("[A-Za-z]+ \\S+ HTTP/\\d\\.\\d")) {
      throw new Malformed("not an HTTP/1 request line");
    }
    String host = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("host")) {
        if (host != null) {
          throw new Malformed("more than one Host header");
        }
        host = hostName(line.substring(colon + 1));
      }
    }
    return host;
  }
}
