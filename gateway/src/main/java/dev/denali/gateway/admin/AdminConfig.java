package dev.denali.gateway.admin;

import java.nio.file.Path;
import java.util.List;

/**
 * How the admin API listens and whom it serves.
 *
 * @param bind the address it listens on; anything but loopback needs {@code tlsCert}
 * @param port its port (0: any free port)
 * @param token the bearer token every request must carry ({@link AdminToken})
 * @param hosts host names, besides loopback's and {@code bind}, that clients may put in their
 *     Host header (a name that reaches the admin API through a proxy or DNS)
 * @param tlsCert the operator's PEM certificate chain, or null for plain HTTP (loopback only)
 * @param tlsKey its PEM (PKCS#8) private key
 */
public record AdminConfig(String bind, int port, String token, List<String> hosts, Path tlsCert,
    Path tlsKey) {
  public AdminConfig {
    hosts = List.copyOf(hosts);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the admin API needs a token");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("give both a TLS certificate and its key, or neither");
    }
  }

  /** Plain HTTP on 127.0.0.1:{@code port} with {@code token}. */
  public static AdminConfig loopback(int port, String token) {
    return new AdminConfig("127.0.0.1", port, token, List.of(), null, null);
  }

  public AdminConfig withTls(Path cert, Path key) {
    return new AdminConfig(bind, port, token, hosts, cert, key);
  }

  public AdminConfig withBind(String address) {
    return new AdminConfig(address, port, token, hosts, tlsCert, tlsKey);
  }

  public AdminConfig withHosts(List<String> names) {
    return new AdminConfig(bind, port, token, names, tlsCert, tlsKey);
  }

  public boolean tls() {
    return tlsCert != null;
  }
}
