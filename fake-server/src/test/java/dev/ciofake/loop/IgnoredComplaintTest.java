package dev.ciofake.loop;

import dev.ciofake.junit5.CustomerIoFakeExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ignored-complaint}: the fake reported {@code spammed} (a send to {@code complaint+tag@cio-fake.test}). */
class IgnoredComplaintTest extends IgnoredDeliveryProblemTests {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = fake();

  @Override
  String pitfall() {
    return "ignored-complaint";
  }

  @Override
  String magicAddress() {
    return "complaint+newsletter@cio-fake.test";
  }

  @Override
  String metric() {
    return "spammed";
  }
}
