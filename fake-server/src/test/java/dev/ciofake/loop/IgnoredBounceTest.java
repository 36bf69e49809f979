package dev.ciofake.loop;

/** {@code ignored-bounce}: the fake reported {@code bounced} (a send to {@code bounce@cio-fake.test}). */
class IgnoredBounceTest extends IgnoredDeliveryProblemTests {
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
