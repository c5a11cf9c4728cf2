package dev.denali.cli;

import dev.denali.gateway.admin.AdminConfig;
import dev.denali.gateway.admin.AdminToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How the admin API is protected: the options {@code serve} and {@code demo} share (a mixin). */
final class AdminOptions {
  @Option(names = "--admin-token-file", paramLabel = "FILE",
      description = "where to write the admin token, readable by this user only (default:"
          + " ~/.denali/admin-PORT.token; the token is $DENALI_ADMIN_TOKEN when set, else new"
          + " and random)")
  Path tokenFile;

  @Option(names = "--admin-host", paramLabel = "NAME",
      description = "a host name clients may use to reach the admin API, besides its address"
          + " and loopback's (repeatable)")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--admin-tls-cert", paramLabel = "PEM",
      description = "serve the admin API over TLS with this certificate chain (required off"
          + " loopback)")
  Path tlsCert;

  @Option(names = "--admin-tls-key", paramLabel = "PEM", description = "its PKCS#8 private key")
  Path tlsKey;

  /** The admin API's configuration on {@code bind}:{@code port}, with its token. */
  AdminConfig config(String bind, int port) {
    String token = AdminToken.fromEnvironment();
    AdminConfig c = new AdminConfig(bind, port, token != null ? token : AdminToken.generate(),
        hosts, null, null);
    return tlsCert == null && tlsKey == null ? c : c.withTls(tlsCert, tlsKey);
  }
}
