package dev.ciofake.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on a second port, with a certificate the fake makes (or one you supply), handed out as PEM. */
class HttpsTest {

  private static HttpClient trusting(String pem) throws Exception {
    Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (var c : certs) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }

  private static HttpResponse<String> identifyOverHttps(HttpClient client, CioFakeServer cio) throws Exception {
    var ws = cio.fake().credentials();
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + cio.httpsPort() + "/api/v1/customers/42"))
        .header("Authorization", FakeHttp.basic(ws.siteId(), ws.trackApiKey()))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static java.util.Set<java.nio.file.Path> tlsDirectories() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("cio-fake-tls"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  /** Issue 15, item 14: the generated private key is left nowhere once the fake stops. */
  @Test
  void theGeneratedKeystoreIsDeletedOnStop() throws Exception {
    java.util.Set<java.nio.file.Path> before = tlsDirectories();
    java.util.Set<java.nio.file.Path> mine;
    try (CioFakeServer cio = CioFakeServer.start(CioFakeOptions.builder().httpsPort(0).build())) {
      mine = new java.util.HashSet<>(tlsDirectories());
      mine.removeAll(before);
      assertThat(mine).hasSize(1);
      java.nio.file.Path dir = mine.iterator().next();
      assertThat(dir.resolve("cio-fake.p12")).exists();
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      }
    }
    for (java.nio.file.Path dir : mine) {
      assertThat(dir).doesNotExist();
    }
  }

  @Test
  void selfSignedCertificateIsHandedOutAndTrustedForLocalhost() throws Exception {
    try (CioFakeServer cio = CioFakeServer.start(CioFakeOptions.builder().httpsPort(0).build())) {
      FakeHttp.Response pem = new FakeHttp(cio).admin("GET", "/__cio/tls/ca.pem", null);
      assertThat(pem.status()).isEqualTo(200);
      assertThat(pem.header("Content-Type")).isEqualTo("application/x-pem-file");
      assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----");
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII)));
      assertThat(cert.getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1)))
          .contains("localhost", "127.0.0.1", "host.docker.internal");

      HttpResponse<String> r = identifyOverHttps(trusting(pem.body()), cio);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(cio.httpsBaseUrl()).startsWith("https://127.0.0.1:");
      assertThat(cio.fake().person("42")).isPresent();
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    try (CioFakeServer cio = CioFakeServer.start(CioFakeOptions.builder().httpsPort(0).build())) {
      assertThatThrownBy(() -> identifyOverHttps(HttpClient.newHttpClient(), cio))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aSuppliedKeystoreIsServed(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("mine.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "mine", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=my-own-cert", "-ext", "SAN=dns:localhost", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", "secret1", "-keypass", "secret1", "-noprompt").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(ks)).isTrue();

    try (CioFakeServer cio = CioFakeServer.start(CioFakeOptions.builder().httpsPort(0)
        .tlsKeystore(ks, "secret1").build())) {
      String pem = new FakeHttp(cio).admin("GET", "/__cio/tls/ca.pem", null).body();
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=my-own-cert");
      assertThat(identifyOverHttps(trusting(pem), cio).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutHttpsTheCertificateEndpointSaysSo() {
    try (CioFakeServer cio = CioFakeServer.start()) {
      FakeHttp.Response r = new FakeHttp(cio).admin("GET", "/__cio/tls/ca.pem", null);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().get("error").asText()).contains("--https-port");
      assertThat(cio.httpsPort()).isEqualTo(-1);
      assertThat(cio.httpsBaseUrl()).isNull();
    }
  }
}
