package dev.ciofake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public surface of a module as text, one line per public or protected type and member (generic signatures,
 * annotation defaults, enum constants), sorted, so that a checked-in copy freezes it: {@link #check} fails when the
 * surface changes without the copy changing. Packages with {@code .internal} in their name are not part of the
 * surface. Run a module's test with {@code -Dcio-fake.api.update=true} to write the new dump after a deliberate change.
 */
public final class ApiDump {
  /** The system property that rewrites the checked-in dump instead of comparing with it. */
  public static final String UPDATE = "cio-fake.api.update";

  private ApiDump() {}

  /** The dump of every public type of the class-output folder that holds {@code anchor}. */
  public static String of(Class<?> anchor) {
    Path root = classesRoot(anchor);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
        String rel = root.relativize(p).toString().replace('\\', '/');
        names.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(names.stream().filter(n -> !n.contains(".internal.") && !n.endsWith("package-info"))
        .map(n -> load(n, anchor.getClassLoader())).toList());
  }

  /** The dump of these types (and their public nested types). */
  public static String of(List<? extends Class<?>> types) {
    TreeSet<String> blocks = new TreeSet<>();
    for (Class<?> c : types) {
      if (isApi(c)) {
        blocks.add(type(c));
      }
    }
    return String.join("\n", blocks) + "\n";
  }

  /**
   * Compares the dump of {@code anchor}'s classes with the checked-in file; writes it instead under
   * {@value #UPDATE}.
   *
   * @throws AssertionError listing the lines added and removed, and how to accept them
   */
  public static void check(Class<?> anchor, Path checkedIn) throws IOException {
    String now = of(anchor);
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(checkedIn.toAbsolutePath().getParent());
      Files.writeString(checkedIn, now, StandardCharsets.UTF_8);
      return;
    }
    String before = Files.isRegularFile(checkedIn) ? Files.readString(checkedIn, StandardCharsets.UTF_8) : "";
    if (!before.equals(now)) {
      List<String> old = Arrays.asList(before.split("\n"));
      List<String> cur = Arrays.asList(now.split("\n"));
      StringBuilder sb = new StringBuilder("the public API changed; if that is intended, run this test with -D" + UPDATE
          + "=true and commit " + checkedIn + "\n");
      cur.stream().filter(l -> !old.contains(l)).forEach(l -> sb.append("+ ").append(l.trim()).append('\n'));
      old.stream().filter(l -> !cur.contains(l)).forEach(l -> sb.append("- ").append(l.trim()).append('\n'));
      throw new AssertionError(sb.toString());
    }
  }

  private static boolean isApi(Class<?> c) {
    if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static String type(Class<?> c) {
    List<String> lines = new ArrayList<>();
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k) && !k.isSynthetic()) {
        lines.add(k.toGenericString());
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
        lines.add(m.toGenericString() + (m.getDefaultValue() == null ? "" : " default " + deep(m.getDefaultValue())));
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f) && !f.isSynthetic()) {
        lines.add(f.toGenericString());
      }
    }
    lines.sort(null);
    StringBuilder sb = new StringBuilder(header(c)).append('\n');
    lines.forEach(l -> sb.append("  ").append(l).append('\n'));
    return sb.toString().trim();
  }

  private static String header(Class<?> c) {
    StringBuilder sb = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
        & ~Modifier.STATIC & ~Modifier.FINAL));
    sb.append(Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord() ? " final" : "");
    sb.append(c.isAnnotation() ? " @interface " : c.isInterface() ? " interface " : c.isEnum() ? " enum "
        : c.isRecord() ? " record " : Modifier.isAbstract(c.getModifiers()) ? " abstract class " : " class ");
    sb.append(c.getName());
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
      sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    if (c.getGenericInterfaces().length > 0) {
      sb.append(c.isInterface() ? " extends " : " implements ");
      sb.append(String.join(", ", Arrays.stream(c.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
    }
    return sb.toString().trim();
  }

  private static boolean visible(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static String deep(Object v) {
    return v.getClass().isArray() ? Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "")
        : String.valueOf(v);
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("cannot load " + name + " for the API dump", e);
    }
  }

  private static Path classesRoot(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
