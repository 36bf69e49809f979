package dev.ciofake.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The certificate of the HTTPS port: one you supply (a PKCS12 or JKS keystore), or a self-signed one generated at
 * start with the JDK's {@code keytool} (EC P-256, valid ten years, for {@code localhost}, {@code 127.0.0.1},
 * {@code host.docker.internal}, {@code host.containers.internal} and {@code cio-fake}). Its PEM is served at
 * {@code GET /__cio/tls/ca.pem} so clients can trust it.
 */
public final class TlsMaterial {
  private final Path keystore;
  private final String password;
  private final String type;
  private final String pem;

  private TlsMaterial(Path keystore, String password, String type, String pem) {
    this.keystore = keystore;
    this.password = password;
    this.type = type;
    this.pem = pem;
  }

  public Path keystore() {
    return keystore;
  }

  public String password() {
    return password;
  }

  public String type() {
    return type;
  }

  /** The certificate(s), PEM-encoded. */
  public String pem() {
    return pem;
  }

  /** Reads a keystore you supply. */
  public static TlsMaterial supplied(Path keystore, String password) {
    String type = keystore.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    return new TlsMaterial(keystore, password, type, pemOf(keystore, password, type));
  }

  /** Generates a self-signed certificate in a temporary keystore. */
  public static TlsMaterial selfSigned() {
    try {
      Path dir = Files.createTempDirectory("cio-fake-tls");
      dir.toFile().deleteOnExit();
      Path ks = dir.resolve("cio-fake.p12");
      String pw = Long.toHexString(new java.security.SecureRandom().nextLong()) + "cf";
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cio-fake", "-keyalg", "EC", "-groupname",
          "secp256r1", "-validity", "3650", "-dname", "CN=cio-fake", "-ext",
          "SAN=dns:localhost,ip:127.0.0.1,dns:host.docker.internal,dns:host.containers.internal,dns:cio-fake",
          "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw, "-noprompt")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool could not generate the HTTPS certificate: " + out.trim());
      }
      ks.toFile().deleteOnExit();
      return new TlsMaterial(ks, pw, "PKCS12", pemOf(ks, pw, "PKCS12"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the HTTPS certificate (is the JDK's keytool there?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String pemOf(Path ks, String password, String type) {
    try (InputStream in = Files.newInputStream(ks)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password.toCharArray());
      List<Certificate> certs = new ArrayList<>();
      for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
        String alias = aliases.nextElement();
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain != null && chain.length > 0) {
          certs.add(chain[chain.length - 1]);
        } else if (store.getCertificate(alias) != null) {
          certs.add(store.getCertificate(alias));
        }
      }
      StringBuilder sb = new StringBuilder();
      Base64.Encoder enc = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
      for (Certificate c : certs) {
        sb.append("-----BEGIN CERTIFICATE-----\n").append(enc.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
      return sb.toString();
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read the keystore " + ks + ": " + e.getMessage(), e);
    }
  }
}
