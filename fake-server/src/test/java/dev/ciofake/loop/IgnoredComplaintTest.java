package dev.ciofake.loop;

/** {@code ignored-complaint}: the fake reported {@code spammed} (a send to {@code complaint+tag@cio-fake.test}). */
class IgnoredComplaintTest extends IgnoredDeliveryProblemTests {
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
