package dev.ciofake.junit5;

import dev.ciofake.RateClass;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.Describe;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link CustomerIoFake}, and its programmatic form for everything the annotation
 * does not cover:
 *
 * <pre>{@code
 * @RegisterExtension
 * static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
 *     .options(CioFakeOptions.builder().rateLimit(RateClass.TRACK, RateLimit.perSecond(10)).region(Region.EU).build())
 *     .failOn(FailOn.WARNING)
 *     .allowPitfalls(PitfallIds.MISSING_EMAIL)
 *     .build();
 * }</pre>
 *
 * Registered on a static field (or the annotation on a class), one fake serves the class; on an instance field (or
 * the annotation on a method), each test has its own. On a static field of an abstract base class (or the annotation
 * on it), each subclass gets a fake of its own, also when the subclasses run in parallel.
 *
 * <p>Each test starts clean. Before a test that runs alone on the fake, every workspace of the fake forgets its
 * people, events, pitfalls, deliveries and webhook logs, the request journal is emptied, and the class workspace gets
 * back the settings and chaos rules its first test began with. A test running in parallel with others of its class
 * ({@code @Execution(CONCURRENT)}) gets a new workspace of its own instead. The fake's clock is not turned back
 * (time never goes back): a test that advanced it leaves it advanced. {@link #fake()} is the current test's
 * workspace; a {@link CioFake} parameter gets the same.
 *
 * <p>A test that fails on its own while its workspace holds pitfalls it fails on fails with the pitfalls first: a
 * millisecond timestamp refused with 400 then shows as "committed 1 Customer.io pitfall(s): millisecond-timestamp",
 * not as "Expected a person ... but there is none", and the test's own failure follows in the message and as the
 * cause.
 *
 * <p>The lifecycle callbacks are final; subclasses use the protected {@code on...} hooks.
 *
 * <p>Why one class of a little over 500 lines: the JUnit callbacks and the public {@link Builder}, nested as users
 * expect of an extension; the running fake's own state is {@code RunningFake}, the backends {@code FakeBackend}.
 */
public class CustomerIoFakeExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
    TestExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CustomerIoFakeExtension.class);
  private static final String SERVER = "server";
  /** The image of {@link Mode#CONTAINER} unless told otherwise. */
  static final String DEFAULT_IMAGE = "localhost/cio-fake:latest";
  private static final String CLASS_FAKE = "class-fake";
  private static final String TEST_FAKE = "test-fake";
  /** Set when a test's own failure already led with its pitfalls, so afterEach does not fail it a second time. */
  private static final String PITFALLS_REPORTED = "pitfalls-reported";
  private static final String BEFORE_ON_THREAD = "before-on-thread";
  /** Stands for "no class fake on this thread" in the store, which holds no nulls. */
  private static final Object NONE = new Object();

  /** The system properties the extension sets, for apps under test (Spring, Micronaut) to read. */
  public static final List<String> SYSTEM_PROPERTIES =
      List.of("cio.track.url", "cio.app.url", "cio.site-id", "cio.track-api-key", "cio.app-api-key");

  private final Settings configured;
  private final ThreadLocal<CioFake> current = new ThreadLocal<>();
  /**
   * The class fake of the test class whose callbacks run on this thread. One extension instance can serve several
   * classes at once (a static field of a base class, with classes running in parallel), so {@link #fake()} and
   * {@link #server()} answer for the caller's class, not for whichever class started last.
   */
  private final ThreadLocal<RunningFake> classOnThread = new ThreadLocal<>();
  /** Every class fake running now, for a caller on a thread of no test (one the test started itself). */
  private final Set<RunningFake> classes = ConcurrentHashMap.newKeySet();

  /** Used by {@link CustomerIoFake}: settings come from the annotation. */
  public CustomerIoFakeExtension() {
    this.configured = null;
  }

  /** Used by {@link Builder#build()} and by subclasses. */
  protected CustomerIoFakeExtension(Builder builder) {
    this.configured = new Settings(builder.options, builder.failOn, Set.copyOf(builder.allowed),
        builder.systemProperties, builder.mode, builder.image);
  }

  /** A builder with the defaults of {@link CustomerIoFake}. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- access from tests

  /** The handle of the test running on this thread (or of the class, outside a test). */
  public CioFake fake() {
    CioFake f = current.get();
    if (f != null) {
      return f;
    }
    RunningFake running = classRunning();
    if (running == null) {
      throw new IllegalStateException("the fake is not running: use it inside a test, or register the extension on "
          + "a static field to use it in @BeforeAll");
    }
    return running.classFake;
  }

  /** The running server of the class (for options, every workspace, reports). */
  public CioFakeServer server() {
    RunningFake running = classRunning();
    if (running == null || running.server == null) {
      throw new IllegalStateException("no class-wide fake is running (per-method fakes are reached with fake())");
    }
    return running.server;
  }

  /**
   * The class fake of the caller: the one of the class running on this thread, else the only one running (for a
   * thread a test started); null when none runs.
   *
   * @throws IllegalStateException when several classes share this extension at once and the caller is none of them
   */
  private RunningFake classRunning() {
    RunningFake running = classOnThread.get();
    if (running != null) {
      return running;
    }
    List<RunningFake> now = List.copyOf(classes);
    if (now.size() > 1) {
      throw new IllegalStateException("this extension serves " + now.size() + " test classes at once (running in "
          + "parallel) and this thread runs none of their tests: take the CioFake or CioFakeServer as a parameter");
    }
    return now.isEmpty() ? null : now.get(0);
  }

  /** Shortcut for {@code fake().trackUrl()}. */
  public String trackUrl() {
    return fake().trackUrl();
  }

  /** Shortcut for {@code fake().appUrl()}. */
  public String appUrl() {
    return fake().appUrl();
  }

  // ---------------------------------------------------------------- lifecycle (final), hooks (protected)

  @Override
  public final void beforeAll(ExtensionContext context) {
    if (inherited(context) != null) {
      return; // a @Nested class: the enclosing class's fake serves it, with its settings
    }
    RunningFake running = startClass(context);
    onBeforeAll(running.server, context);
  }

  /**
   * Starts the fake of the class of {@code context} once: in {@link #beforeAll}, or earlier when a test instance
   * created once per class ({@code @TestInstance(PER_CLASS)}) takes it in its constructor.
   */
  private RunningFake startClass(ExtensionContext context) {
    RunningFake running = context.getStore(NAMESPACE).get(SERVER, RunningFake.class);
    if (running != null && running != parentRunning(context)) {
      return running;
    }
    running = start(settings(context), context);
    context.getStore(NAMESPACE).put(SERVER, running);
    context.getStore(NAMESPACE).put(CLASS_FAKE, running.classFake);
    onThread(context, running);
    classes.add(running);
    return running;
  }

  /** Makes {@code running} the class fake of this thread until {@link #offThread} of the same context. */
  private void onThread(ExtensionContext context, RunningFake running) {
    RunningFake before = classOnThread.get();
    context.getStore(NAMESPACE).put(BEFORE_ON_THREAD, before == null ? NONE : before);
    classOnThread.set(running);
  }

  /** Puts back the class fake this thread had before {@link #onThread} of the same context. */
  private void offThread(ExtensionContext context) {
    Object before = context.getStore(NAMESPACE).remove(BEFORE_ON_THREAD);
    if (before == null) {
      return;
    }
    if (before instanceof RunningFake r) {
      classOnThread.set(r);
    } else {
      classOnThread.remove();
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    RunningFake running = context.getStore(NAMESPACE).get(SERVER, RunningFake.class);
    if (running != null && running == parentRunning(context)) {
      return; // a @Nested class's end: the enclosing class's fake goes on
    }
    try {
      if (running != null) {
        onAfterAll(running.server, context);
      }
    } finally {
      if (running != null) {
        classes.remove(running);
        offThread(context);
      }
    }
  }

  @Override
  public final void beforeEach(ExtensionContext context) {
    CioFake fake = prepare(context);
    allowed(context, context.getStore(NAMESPACE).get(SERVER, RunningFake.class).settings); // unknown ids fail before the test
    current.set(fake);
    RunningFake ofClass = context.getParent().map(p -> p.getStore(NAMESPACE).get(SERVER, RunningFake.class)).orElse(null);
    if (ofClass != null) {
      onThread(context, ofClass); // a concurrent test runs on a thread of its own
    }
    onBeforeEach(fake, context);
  }

  /**
   * The workspace of the test of {@code context} (a method context), made ready once: by the constructor's parameter
   * resolution when the test instance is created per test, otherwise by {@link #beforeEach}.
   */
  private CioFake prepare(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    CioFake fake = store.get(TEST_FAKE, CioFake.class);
    if (fake != null) {
      return fake;
    }
    RunningFake running = store.get(SERVER, RunningFake.class);
    // @CustomerIoFake on the method gives it a fake of its own, with its own settings, even when the class has one
    // (JUnit registers the annotation's extension once, so without this the method's attributes were ignored).
    boolean ownFake = configured == null && context.getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, CustomerIoFake.class)).isPresent();
    if (running == null || ownFake) {
      running = start(settings(context), context);
      store.put(SERVER, running);
      fake = running.backend.fake();
    } else if (context.getExecutionMode() == ExecutionMode.CONCURRENT) {
      fake = running.backend.newFake();
    } else {
      fake = running.backend.fake();
      running.captureInitialChaos(fake);
      running.backend.resetAll(); // every workspace and the journal: what earlier tests left is gone
      fake.reset(); // and the workspace's own chaos rules
      running.restoreSettings(fake);
      running.restoreChaos(fake);
    }
    store.put(TEST_FAKE, fake);
    return fake;
  }

  @Override
  public final void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    CioFake fake = context.getStore(NAMESPACE).get(TEST_FAKE, CioFake.class);
    RunningFake running = context.getStore(NAMESPACE).get(SERVER, RunningFake.class);
    if (fake == null || running == null) {
      throw thrown;
    }
    List<Pitfall> failing;
    try {
      failing = failing(fake, running.settings, context);
    } catch (RuntimeException e) {
      thrown.addSuppressed(e);
      throw thrown;
    }
    if (failing.isEmpty()) {
      throw thrown;
    }
    context.getStore(NAMESPACE).put(PITFALLS_REPORTED, Boolean.TRUE);
    AssertionError led = new AssertionError(failureMessage(fake, failing, context) + "\n\nThen the test failed on "
        + "its own, most likely because of the pitfall(s) above: " + thrown, thrown);
    throw led;
  }

  private List<Pitfall> failing(CioFake fake, Settings s, ExtensionContext context) {
    Set<String> allowed = allowed(context, s);
    List<Pitfall> failing = new ArrayList<>();
    for (Pitfall p : fake.pitfalls()) {
      if (s.failOn.fails(p.severity()) && !allowed.contains(p.id())) {
        failing.add(p);
      }
    }
    return failing;
  }

  @Override
  public final void afterEach(ExtensionContext context) {
    CioFake fake = context.getStore(NAMESPACE).get(TEST_FAKE, CioFake.class);
    current.remove();
    offThread(context);
    if (fake == null) {
      return;
    }
    Settings s = context.getStore(NAMESPACE).get(SERVER, RunningFake.class).settings;
    Set<String> allowed = allowed(context, s);
    List<Pitfall> all = fake.pitfalls();
    List<Pitfall> failing = new ArrayList<>();
    for (Pitfall p : all) {
      if (s.failOn.fails(p.severity()) && !allowed.contains(p.id())) {
        failing.add(p);
      }
    }
    onAfterEach(fake, all, context);
    if (!failing.isEmpty() && context.getStore(NAMESPACE).remove(PITFALLS_REPORTED) == null) {
      throw new AssertionError(failureMessage(fake, failing, context));
    }
  }

  /** After the class's fake started; {@code server} is null in {@link Mode#CONTAINER}. */
  protected void onBeforeAll(CioFakeServer server, ExtensionContext context) {}

  /** Before each test, with the test's clean workspace. */
  protected void onBeforeEach(CioFake fake, ExtensionContext context) {}

  /** After each test, with every pitfall of its workspace, before failing it on them. */
  protected void onAfterEach(CioFake fake, List<Pitfall> pitfalls, ExtensionContext context) {}

  /** Before the class's fake stops. */
  protected void onAfterAll(CioFakeServer server, ExtensionContext context) {}

  // ---------------------------------------------------------------- parameters

  /**
   * Test constructors get the method's context, so a constructor parameter is the workspace of the test the instance
   * is created for (its own one when tests run in parallel), not the class's.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == CioFake.class || type == CioFakeServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (context.getTestMethod().isPresent()) {
      prepare(context); // a constructor or @BeforeEach parameter, before beforeEach ran for this test
    } else if (context.getTestClass().isPresent() && inherited(context) == null) {
      startClass(context); // the constructor of a per-class test instance, before beforeAll ran
    }
    if (parameterContext.getParameter().getType() == CioFakeServer.class) {
      RunningFake running = store.get(SERVER, RunningFake.class);
      if (running == null) {
        throw new ParameterResolutionException("no cio-fake server is running yet in " + context.getDisplayName());
      }
      if (running.server == null) {
        throw new ParameterResolutionException("a CioFakeServer parameter needs the in-process mode; in container "
            + "mode take a CioFake");
      }
      return running.server;
    }
    CioFake fake = store.get(TEST_FAKE, CioFake.class);
    if (fake == null) {
      fake = store.get(CLASS_FAKE, CioFake.class);
    }
    if (fake == null) {
      throw new ParameterResolutionException("no cio-fake is running yet in " + context.getDisplayName()
          + ": with @CustomerIoFake on a method, take CioFake as a parameter of that test method");
    }
    return fake;
  }

  // ---------------------------------------------------------------- internals

  /** Settings of one fake: the server options and how tests fail. */
  record Settings(CioFakeOptions options, FailOn failOn, Set<String> allowed, boolean systemProperties, Mode mode,
      String image) {}

  /**
   * The fake of an enclosing class that serves this (nested) class: the same extension's, unless the nested class
   * carries a {@link CustomerIoFake} of its own.
   */
  private RunningFake inherited(ExtensionContext context) {
    RunningFake parent = parentRunning(context);
    if (parent == null) {
      return null;
    }
    boolean own = configured == null && context.getTestClass()
        .map(c -> AnnotationSupport.isAnnotated(c, CustomerIoFake.class)).orElse(false);
    return own ? null : parent;
  }

  private static RunningFake parentRunning(ExtensionContext context) {
    return context.getParent().map(p -> p.getStore(NAMESPACE).get(SERVER, RunningFake.class)).orElse(null);
  }

  private RunningFake start(Settings s, ExtensionContext context) {
    FakeBackend backend = s.mode == Mode.CONTAINER ? new ContainerBackend(s.options, s.image)
        : FakeBackend.inProcess(CioFakeServer.start(s.options));
    return new RunningFake(backend, s);
  }

  private Settings settings(ExtensionContext context) {
    if (configured != null) {
      return configured;
    }
    CustomerIoFake a = find(context.getElement()).or(() -> context.getTestClass().flatMap(c -> find(Optional.of(c))))
        .orElse(null);
    if (a == null) {
      return new Settings(CioFakeOptions.builder().port(0).build(), FailOn.ERROR, Set.of(), true, Mode.IN_PROCESS,
          DEFAULT_IMAGE);
    }
    CioFakeOptions.Builder b = CioFakeOptions.builder()
        .port(0)
        .lenientTimestamps(a.lenientTimestamps())
        .rateLimits(a.rateLimits());
    if (!a.workspaceFile().isEmpty()) {
      b.workspaceFile(workspaceFile(a.workspaceFile(), context));
    }
    CioFakeOptions options = b.build();
    return new Settings(options, a.failOn(), Set.copyOf(Arrays.asList(a.allowPitfalls())), true, a.mode(),
        a.image());
  }

  /** The text of an annotation's workspace file: a classpath resource of the test class, else a file path. */
  private static String workspaceFile(String name, ExtensionContext context) {
    ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
        .orElse(Thread.currentThread().getContextClassLoader());
    try (java.io.InputStream in = loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
      if (in != null) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      return java.nio.file.Files.readString(java.nio.file.Path.of(name), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("@CustomerIoFake(workspaceFile = \"" + name + "\"): neither a classpath "
          + "resource nor a readable file (" + e.getMessage() + ")", e);
    }
  }

  private static Optional<CustomerIoFake> find(Optional<? extends AnnotatedElement> element) {
    return AnnotationSupport.findAnnotation(element, CustomerIoFake.class);
  }

  private static Set<String> allowed(ExtensionContext context, Settings s) {
    Set<String> allowed = new LinkedHashSet<>(s.allowed);
    // the test's class and, for @Nested classes, the classes around it
    for (Class<?> c = context.getTestClass().orElse(null); c != null;
        c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
      AnnotationSupport.findAnnotation(c, AllowPitfalls.class).ifPresent(a -> allowed.addAll(Arrays.asList(a.value())));
    }
    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, AllowPitfalls.class))
        .ifPresent(a -> allowed.addAll(Arrays.asList(a.value())));
    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, CustomerIoFake.class))
        .ifPresent(a -> allowed.addAll(Arrays.asList(a.allowPitfalls())));
    PitfallIds.requireKnown(allowed, "@AllowPitfalls of " + context.getDisplayName());
    return allowed;
  }

  /** The failure message: every failing pitfall with its fix and evidence, and how to allow one. */
  static String failureMessage(CioFake fake, List<Pitfall> failing, ExtensionContext context) {
    StringBuilder sb = new StringBuilder();
    sb.append("cio-fake: ").append(context.getDisplayName()).append(" committed ").append(failing.size())
        .append(" Customer.io pitfall(s) (workspace ").append(fake.siteId()).append("):\n\n");
    sb.append(Describe.pitfalls(failing));
    sb.append("\nEvery pitfall: GET ").append(fake.adminUrl()).append("/pitfalls?site_id=").append(fake.siteId())
        .append(". If one is intended, allow it with @AllowPitfalls({\"")
        .append(failing.get(0).id()).append("\"}).");
    return sb.toString();
  }

  /** Builder of a {@link CustomerIoFakeExtension}: every server option, plus how tests fail. */
  public static final class Builder {
    private CioFakeOptions options = CioFakeOptions.defaults();
    private FailOn failOn = FailOn.ERROR;
    private final Set<String> allowed = new LinkedHashSet<>();
    private boolean systemProperties = true;
    private Mode mode = Mode.IN_PROCESS;
    private String image = DEFAULT_IMAGE;

    private Builder() {}

    /** Runs the fake in its container image instead of in process (needs Testcontainers and an engine). */
    public Builder mode(Mode value) {
      this.mode = Objects.requireNonNull(value, "mode");
      return this;
    }

    /** The image of {@link Mode#CONTAINER} (default {@code localhost/cio-fake:latest}). */
    public Builder image(String value) {
      this.image = Objects.requireNonNull(value, "image");
      return this;
    }

    /**
     * The server options (workspaces, settings, caps, rate limits, chaos, webhooks, clock): the one way to configure
     * the fake, the same {@link CioFakeOptions} in process and in a container. The port is random unless the options
     * name one.
     */
    public Builder options(CioFakeOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    /** Which pitfalls fail a test (default {@link FailOn#ERROR}). */
    public Builder failOn(FailOn value) {
      this.failOn = Objects.requireNonNull(value, "failOn");
      return this;
    }

    /**
     * Pitfall ids that never fail a test ({@link dev.ciofake.PitfallIds}).
     *
     * @throws IllegalArgumentException for an unknown id, with the nearest known one and the list
     */
    public Builder allowPitfalls(String... ids) {
      PitfallIds.requireKnown(Arrays.asList(ids), "allowPitfalls");
      allowed.addAll(Arrays.asList(ids));
      return this;
    }

    /** Whether to set the {@code cio.*} system properties (default true). */
    public Builder systemProperties(boolean set) {
      this.systemProperties = set;
      return this;
    }

    public CustomerIoFakeExtension build() {
      return new CustomerIoFakeExtension(this);
    }
  }
}
