package dev.ciofake.junit5;

/** Where the fake of a {@link CustomerIoFake} test runs. */
public enum Mode {
  /** In the test's JVM (the default): fastest, no container engine needed. */
  IN_PROCESS,
  /**
   * In its container image, through Testcontainers: the same tests against the sidecar a CI pipeline ships. Needs
   * {@code org.testcontainers:testcontainers} on the test class path and a container engine; the image is
   * {@code localhost/cio-fake:latest} unless {@link CustomerIoFake#image()} or the builder says otherwise.
   */
  CONTAINER
}
