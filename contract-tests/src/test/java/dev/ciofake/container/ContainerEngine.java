package dev.ciofake.container;

/**
 * The container engine as a shared resource of the test classes that use it: {@code @ResourceLock(ContainerEngine.LOCK)}
 * runs them one at a time. Loading the image from its tar is check-then-load (two classes at once would both load it),
 * and a container's JVM start-up is heavy enough on a 2-core machine to show in another class's container timeouts.
 */
public final class ContainerEngine {
  public static final String LOCK = "dev.ciofake.container-engine";

  private ContainerEngine() {}
}
