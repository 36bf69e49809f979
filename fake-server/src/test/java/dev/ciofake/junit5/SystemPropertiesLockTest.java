package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLocks;
import org.junit.jupiter.api.parallel.Resources;

/**
 * This module's test classes run in parallel (junit-platform.properties), and the {@code cio.*} system properties are
 * process-wide: every test class whose fake sets them ({@link CustomerIoFake}, or an extension built without
 * {@code systemProperties(false)}) must hold the {@link Resources#SYSTEM_PROPERTIES} lock, or two classes overwrite
 * each other's properties (seen in CI: LifecycleTest's "restored" property was another class's fake URL).
 */
class SystemPropertiesLockTest {

  @Test
  void everyTestClassWhoseFakeSetsTheSystemPropertiesHoldsTheirLock() throws Exception {
    List<String> unlocked = new ArrayList<>();
    int setting = 0;
    // this module's compiled tests: the folder this class was loaded from
    Path root = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names = files.map(f -> root.relativize(f).toString()).filter(f -> f.endsWith(".class"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
          .toList();
    }
    assertThat(names).as("test classes under %s", root).hasSizeGreaterThan(100);
    for (String name : names) {
      Class<?> c = Class.forName(name, false, getClass().getClassLoader());
      if (c.isInterface() || !setsProperties(c)) {
        continue;
      }
      setting++;
      if (!locked(c)) {
        unlocked.add(c.getName());
      }
    }
    assertThat(setting).as("classes whose fakes set the properties (the check sees them)").isGreaterThan(5);
    assertThat(unlocked).as("add @ResourceLock(Resources.SYSTEM_PROPERTIES), or systemProperties(false)").isEmpty();
  }

  private static boolean setsProperties(Class<?> c) throws ReflectiveOperationException {
    if (c.isAnnotationPresent(CustomerIoFake.class)
        || Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(CustomerIoFake.class))) {
      return true;
    }
    for (Field f : c.getDeclaredFields()) {
      if (CustomerIoFakeExtension.class.isAssignableFrom(f.getType()) && Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        Object e = f.get(null);
        if (e == null) {
          continue;
        }
        Field configured = CustomerIoFakeExtension.class.getDeclaredField("configured");
        configured.setAccessible(true);
        CustomerIoFakeExtension.Settings s = (CustomerIoFakeExtension.Settings) configured.get(e);
        if (s == null || s.systemProperties()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The class, a superclass or an enclosing class (of any of them) holds the lock. */
  private static boolean locked(Class<?> c) {
    if (c == null) {
      return false;
    }
    List<ResourceLock> locks = new ArrayList<>(Arrays.asList(c.getAnnotationsByType(ResourceLock.class)));
    ResourceLocks many = c.getAnnotation(ResourceLocks.class);
    if (many != null) {
      locks.addAll(Arrays.asList(many.value()));
    }
    return locks.stream().anyMatch(l -> l.value().equals(Resources.SYSTEM_PROPERTIES))
        || locked(c.getSuperclass()) || locked(c.getEnclosingClass());
  }
}
