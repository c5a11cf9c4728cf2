package dev.denali.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for trying the gateway over TLS ({@code denali demo}, tests): an
 * EC P-256 key and a certificate for {@code localhost}, 127.0.0.1 and ::1 (plus any other names
 * given), made by the JDK's own {@code keytool} and written as the PEM files an operator would
 * give. Nothing trusts it but a client told to ({@code curl --cacert FILE}).
 */
public final class SelfSignedTls {
  private SelfSignedTls() {}

  private static final String PASSWORD = "denali-self-signed"; // of a keystore deleted at once

  /**
   * Writes {@code gateway.crt} and {@code gateway.key} (owner-only) into {@code dir}.
   *
   * @param names more DNS names for the certificate
   * @throws IOException when keytool is missing or fails, or the files cannot be written
   */
  public static GatewayConfig.Tls create(Path dir, String... names) throws IOException {
    Path store = dir.resolve("gateway.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> san = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1", "ip:::1"));
    for (String n : names) {
      san.add("dns:" + n);
    }
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "gateway",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=" + String.join(",", san), "-validity", "30",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
        "-keypass", PASSWORD).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool could not make a certificate: " + output.strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool made a certificate");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      Certificate cert = ks.getCertificate("gateway");
      Key key = ks.getKey("gateway", PASSWORD.toCharArray());
      Path certPem = dir.resolve("gateway.crt");
      Path keyPem = dir.resolve("gateway.key");
      Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
      Files.deleteIfExists(keyPem);
      Files.createFile(keyPem, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
      return new GatewayConfig.Tls(certPem, keyPem);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the certificate keytool made: " + e.getMessage());
    } finally {
      Files.deleteIfExists(store);
    }
  }

  /** A client's TLS context that trusts the certificate in PEM file {@code certificate} only. */
  public static SSLContext trusting(Path certificate) throws IOException {
    try (InputStream in = Files.newInputStream(certificate)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("gateway",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + certificate + ": " + e.getMessage());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
