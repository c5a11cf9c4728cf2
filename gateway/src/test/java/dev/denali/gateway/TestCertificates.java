package dev.denali.gateway;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for localhost, 127.0.0.1, alpha.test and beta.test
 * ({@link SelfSignedTls}), and an SSLContext that trusts it.
 */
final class TestCertificates {
  final GatewayConfig.Tls files;
  final X509Certificate certificate;

  private TestCertificates(GatewayConfig.Tls files, X509Certificate certificate) {
    this.files = files;
    this.certificate = certificate;
  }

  static TestCertificates make(Path dir) throws Exception {
    GatewayConfig.Tls files = SelfSignedTls.create(dir, "alpha.test", "beta.test");
    try (InputStream in = Files.newInputStream(files.certificate())) {
      return new TestCertificates(files, (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
  }

  /** A TLS context that trusts this certificate only. */
  SSLContext trusting() throws Exception {
    return SelfSignedTls.trusting(files.certificate());
  }
}
