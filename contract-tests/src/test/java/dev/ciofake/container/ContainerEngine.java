package dev.ciofake.container;

/**
 * The container engine as a shared resource of the test classes that use it: {@code @ResourceLock(ContainerEngine.LOCK)}
 * runs them one at a time. A container's start-up (a JVM in it) is heavy enough on a 2-core machine to show in another
 * class's container start-up and timeouts; the image itself is loaded once per JVM ({@link ContainerImages}).
 */
public final class ContainerEngine {
  public static final String LOCK = "dev.ciofake.container-engine";

  private ContainerEngine() {}
}
