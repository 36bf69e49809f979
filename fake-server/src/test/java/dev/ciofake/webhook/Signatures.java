package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's side of Customer.io's webhook signature, written from the documentation (docs/customerio-facts.md
 * section 4) and independent of the fake's signer: lowercase hex HMAC-SHA256, keyed with the signing secret, of
 * {@code "v0:" + X-CIO-Timestamp + ":" + raw body}.
 */
final class Signatures {
  private Signatures() {}

  static String expected(String secret, String timestampHeader, byte[] rawBody) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] prefix = ("v0:" + timestampHeader + ":").getBytes(StandardCharsets.UTF_8);
      byte[] signed = new byte[prefix.length + rawBody.length];
      System.arraycopy(prefix, 0, signed, 0, prefix.length);
      System.arraycopy(rawBody, 0, signed, prefix.length, rawBody.length);
      return HexFormat.of().formatHex(mac.doFinal(signed));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether the request is signed with {@code secret}, compared in constant time as a receiver should. */
  static boolean valid(WebhookReceiver.Received r, String secret) {
    String ts = r.header("X-CIO-Timestamp");
    String sig = r.header("X-CIO-Signature");
    if (ts == null || sig == null) {
      return false;
    }
    return MessageDigest.isEqual(expected(secret, ts, r.rawBody()).getBytes(StandardCharsets.US_ASCII),
        sig.getBytes(StandardCharsets.US_ASCII));
  }

  /** Asserts a request is signed with {@code secret}, has a fresh timestamp in seconds, and a lowercase hex digest. */
  static void assertSigned(WebhookReceiver.Received r, String secret) {
    assertSigned(r, secret, Instant.now());
  }

  /**
   * The same, for a fake whose clock is not the machine's (frozen, or advanced): the timestamp is in seconds and
   * within two minutes before {@code fakeNow} (the fake's time, read with {@code server.clock().instant()}).
   */
  static void assertSigned(WebhookReceiver.Received r, String secret, Instant fakeNow) {
    String ts = r.header("X-CIO-Timestamp");
    String sig = r.header("X-CIO-Signature");
    assertThat(ts).as("X-CIO-Timestamp").matches("\\d{10}");
    assertThat(Long.parseLong(ts)).as("a timestamp in seconds, now")
        .isBetween(fakeNow.getEpochSecond() - 120, fakeNow.getEpochSecond() + 5);
    assertThat(sig).as("X-CIO-Signature").matches("[0-9a-f]{64}");
    assertThat(valid(r, secret)).as("signature %s over v0:%s:<body> with the secret", sig, ts).isTrue();
    assertThat(valid(r, secret + "x")).as("another secret does not verify").isFalse();
  }
}
