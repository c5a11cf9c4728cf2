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

  /** The Host header's value of the head {@code b[0, n)} (lower case, port removed), or null. */
  static String host(byte[] b, int n) {
    String head = new String(b, 0, n, StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("host")) {
        String v = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        int port = v.lastIndexOf(':');
        if (port > 0 && !v.endsWith("]")) {
          v = v.substring(0, port);
        }
        return v;
      }
    }
    return null;
  }
}
