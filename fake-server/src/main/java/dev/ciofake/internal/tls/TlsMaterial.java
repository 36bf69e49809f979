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
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate of the HTTPS port: one you supply (a PKCS12 or JKS keystore), or a self-signed one generated at
 * start in process (EC P-256, valid ten years, for {@code localhost}, {@code 127.0.0.1}, {@code ::1},
 * {@code host.docker.internal}, {@code host.containers.internal} and {@code cio-fake}). Its PEM is served at
 * {@code GET /__cio/tls/ca.pem} so clients can trust it.
 */
public final class TlsMaterial {
  private final Path keystore;
  private final String password;
  private final String type;
  private final String pem;
  /** The temporary directory of a generated keystore, or {@code null} for a supplied one. */
  private final Path generatedDir;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TlsMaterial(Path keystore, String password, String type, String pem, Path generatedDir) {
    this.keystore = keystore;
    this.password = password;
    this.type = type;
    this.pem = pem;
    this.generatedDir = generatedDir;
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
    return new TlsMaterial(keystore, password, type, pemOf(keystore, password, type), null);
  }

  /** The names and addresses the self-signed certificate is valid for. */
  static final List<String> DNS_NAMES = List.of("localhost", "host.docker.internal", "host.containers.internal",
      "cio-fake");
  static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");

  /**
   * Generates a self-signed certificate (EC P-256, SHA-256 with ECDSA, valid ten years) in process with BouncyCastle's
   * certificate builder, valid from a day before {@code now} (the machine's time: clients check it against theirs),
   * into a keystore in a fresh temporary directory only its owner can read. {@link #delete()}
   * removes it; the server calls it on every stop, so the private key does not outlive the fake.
   */
  public static TlsMaterial selfSigned(java.time.Instant now) {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
      kpg.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair pair = kpg.generateKeyPair();
      X500Name subject = new X500Name("CN=cio-fake");
      GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
      int i = 0;
      for (String dns : DNS_NAMES) {
        names[i++] = new GeneralName(GeneralName.dNSName, dns);
      }
      for (String ip : IP_ADDRESSES) {
        names[i++] = new GeneralName(GeneralName.iPAddress, ip);
      }
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(now.minusSeconds(86_400)),
          Date.from(now.plusSeconds(3650L * 86_400)), subject, pair.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));

      String pw = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("cio-fake", pair.getPrivate(), pw.toCharArray(), new Certificate[] {cert});
      Path dir = ownerOnlyTempDirectory();
      Path ks = dir.resolve("cio-fake.p12");
      try (OutputStream out = Files.newOutputStream(ks)) {
        store.store(out, pw.toCharArray());
      }
      TlsMaterial m = new TlsMaterial(ks, pw, "PKCS12", pem(List.of(cert)), dir);
      return m;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the HTTPS certificate: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HTTPS keystore to the temporary directory", e);
    }
  }

  private static Path ownerOnlyTempDirectory() throws IOException {
    try {
      return Files.createTempDirectory("cio-fake-tls",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempDirectory("cio-fake-tls");
    }
  }

  /**
   * Deletes a generated keystore and its directory (a supplied keystore is the user's and stays). Idempotent; a file
   * that cannot be deleted now is left to the JVM's exit.
   */
  public void delete() {
    if (generatedDir == null) {
      return;
    }
    try {
      Files.deleteIfExists(keystore);
      Files.deleteIfExists(generatedDir);
    } catch (IOException e) {
      keystore.toFile().deleteOnExit();
      generatedDir.toFile().deleteOnExit();
    }
  }

  private static String pem(List<Certificate> certs) {
    StringBuilder sb = new StringBuilder();
    Base64.Encoder enc = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (Certificate c : certs) {
      try {
        sb.append("-----BEGIN CERTIFICATE-----\n").append(enc.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode the certificate", e);
      }
    }
    return sb.toString();
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
      return pem(certs);
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read the keystore " + ks + ": " + e.getMessage(), e);
    }
  }
}
