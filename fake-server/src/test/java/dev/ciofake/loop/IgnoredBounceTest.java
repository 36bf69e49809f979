package dev.ciofake.loop;

import dev.ciofake.junit5.CustomerIoFakeExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ignored-bounce}: the fake reported {@code bounced} (a send to {@code bounce@cio-fake.test}). */
class IgnoredBounceTest extends IgnoredDeliveryProblemTests {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = fake();

  @Override
  String pitfall() {
    return "ignored-bounce";
  }

  @Override
  String magicAddress() {
    return "bounce@cio-fake.test";
  }

  @Override
  String metric() {
    return "bounced";
  }
}
