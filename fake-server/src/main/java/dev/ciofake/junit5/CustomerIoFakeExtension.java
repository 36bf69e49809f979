package dev.ciofake.junit5;

import dev.ciofake.WorkspaceSettings;
import dev.ciofake.RateClass;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.Describe;
import dev.ciofake.internal.admin.AdminClient;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
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
 * the annotation on a method), each test has its own. Each test gets a clean workspace: the class workspace reset
 * before it, or, when tests run in parallel, a new workspace of its own. {@link #fake()} is the current test's
 * workspace; a {@link CioFake} parameter gets the same.
 *
 * <p>The lifecycle callbacks are final; subclasses use the protected {@code on...} hooks.
 */
public class CustomerIoFakeExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CustomerIoFakeExtension.class);
  private static final String SERVER = "server";
  /** The image of {@link Mode#CONTAINER} unless told otherwise. */
  static final String DEFAULT_IMAGE = "localhost/cio-fake:latest";
  private static final String CLASS_FAKE = "class-fake";
  private static final String TEST_FAKE = "test-fake";

  /** The system properties the extension sets, for apps under test (Spring, Micronaut) to read. */
  public static final List<String> SYSTEM_PROPERTIES =
      List.of("cio.track.url", "cio.app.url", "cio.site-id", "cio.track-api-key", "cio.app-api-key");

  private final Settings configured;
  private final ThreadLocal<CioFake> current = new ThreadLocal<>();
  private volatile CioFakeServer classServer;
  private volatile CioFake classFake;

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
    if (classFake == null) {
      throw new IllegalStateException("the fake is not running: use it inside a test, or register the extension on "
          + "a static field to use it in @BeforeAll");
    }
    return classFake;
  }

  /** The running server of the class (for options, every workspace, reports). */
  public CioFakeServer server() {
    if (classServer == null) {
      throw new IllegalStateException("no class-wide fake is running (per-method fakes are reached with fake())");
    }
    return classServer;
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
    Running running = startClass(context);
    onBeforeAll(running.server, context);
  }

  /**
   * Starts the fake of the class of {@code context} once: in {@link #beforeAll}, or earlier when a test instance
   * created once per class ({@code @TestInstance(PER_CLASS)}) takes it in its constructor.
   */
  private Running startClass(ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(SERVER, Running.class);
    if (running != null && running != parentRunning(context)) {
      return running;
    }
    running = start(settings(context), context);
    context.getStore(NAMESPACE).put(SERVER, running);
    context.getStore(NAMESPACE).put(CLASS_FAKE, running.backend.fake());
    classServer = running.server;
    classFake = running.backend.fake();
    return running;
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(SERVER, Running.class);
    if (running != null && running == parentRunning(context)) {
      return; // a @Nested class's end: the enclosing class's fake goes on
    }
    try {
      if (running != null) {
        onAfterAll(running.server, context);
      }
    } finally {
      classServer = null;
      classFake = null;
    }
  }

  @Override
  public final void beforeEach(ExtensionContext context) {
    CioFake fake = prepare(context);
    allowed(context, context.getStore(NAMESPACE).get(SERVER, Running.class).settings); // unknown ids fail before the test
    current.set(fake);
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
    Running running = store.get(SERVER, Running.class);
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
      fake.reset();
      running.restoreSettings(fake);
      running.restoreChaos(fake);
    }
    store.put(TEST_FAKE, fake);
    return fake;
  }

  @Override
  public final void afterEach(ExtensionContext context) {
    CioFake fake = context.getStore(NAMESPACE).get(TEST_FAKE, CioFake.class);
    current.remove();
    if (fake == null) {
      return;
    }
    Settings s = context.getStore(NAMESPACE).get(SERVER, Running.class).settings;
    Set<String> allowed = allowed(context, s);
    List<Pitfall> all = fake.pitfalls();
    List<Pitfall> failing = new ArrayList<>();
    for (Pitfall p : all) {
      if (s.failOn.fails(p.severity()) && !allowed.contains(p.id())) {
        failing.add(p);
      }
    }
    onAfterEach(fake, all, context);
    if (!failing.isEmpty()) {
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
      Running running = store.get(SERVER, Running.class);
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
   * A started server; stopping it (and restoring the system properties) is left to JUnit's store. JUnit 5.13+ closes
   * it as an AutoCloseable (once); older versions through CloseableResource, which 5.13+ logs a warning for alone.
   */
  @SuppressWarnings("deprecation")
  static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final FakeBackend backend;
    /** The in-process server, or {@code null} in container mode. */
    final CioFakeServer server;
    final Settings settings;
    final Map<String, String> previousProperties = new LinkedHashMap<>();
    private volatile WorkspaceSettings initialSettings;
    private volatile List<String> initialWorkspaceChaos;
    private volatile Set<String> initialServerChaos;

    Running(FakeBackend backend, Settings settings) {
      this.backend = backend;
      this.server = backend.server();
      this.settings = settings;
      if (settings.systemProperties) {
        CioFake f = backend.fake();
        set("cio.track.url", f.trackUrl());
        set("cio.app.url", f.appUrl());
        set("cio.site-id", f.siteId());
        set("cio.track-api-key", f.trackApiKey());
        set("cio.app-api-key", f.appApiKey());
        set("cio.pipelines.url", f.pipelinesUrl());
        set("cio.pipelines-api-key", f.pipelinesApiKey());
      }
    }

    private void set(String key, String value) {
      previousProperties.put(key, System.getProperty(key));
      System.setProperty(key, value);
    }

    /**
     * Puts back the settings the workspace had when its first test began, so a test that changes them (rate limits
     * off for a burst, say) does not change the next one; reset() alone keeps settings.
     */
    void restoreSettings(CioFake fake) {
      if (initialSettings == null) {
        initialSettings = fake.settings();
      } else {
        fake.settings(initialSettings);
      }
    }

    /**
     * Before the first test's reset: the workspace's own chaos rules in force then (from {@code @BeforeAll}, say),
     * which every test gets again, and the ids of the server-wide ones, which stay.
     */
    void captureInitialChaos(CioFake fake) {
      if (initialWorkspaceChaos != null) {
        return;
      }
      List<String> mine = new ArrayList<>();
      Set<String> serverWide = new LinkedHashSet<>();
      chaosRules(fake).forEach(r -> {
        if (r.path("match").path("site_id").isNull() || r.path("match").path("site_id").isMissingNode()) {
          serverWide.add(r.path("id").asText());
        } else {
          mine.add(r.path("spec").toString());
        }
      });
      initialWorkspaceChaos = List.copyOf(mine);
      initialServerChaos = Set.copyOf(serverWide);
    }

    /**
     * After a reset (which removed the workspace's own rules): the rules of the first test's start are installed
     * again, and server-wide rules a previous test added are removed; so no test sees another's chaos.
     */
    void restoreChaos(CioFake fake) {
      AdminClient admin = new AdminClient(fake.adminUrl(), fake.adminToken());
      chaosRules(fake).forEach(r -> {
        boolean serverWide = r.path("match").path("site_id").isNull() || r.path("match").path("site_id").isMissingNode();
        if (serverWide && !initialServerChaos.contains(r.path("id").asText())) {
          admin.send("DELETE", "/chaos/" + AdminClient.enc(r.path("id").asText()), null);
        }
      });
      for (String spec : initialWorkspaceChaos) {
        admin.send("POST", "/chaos", spec);
      }
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> chaosRules(CioFake fake) {
      List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
      new AdminClient(fake.adminUrl(), fake.adminToken()).get("/chaos?site_id=" + AdminClient.enc(fake.siteId()))
          .path("rules")
          .forEach(out::add);
      return out;
    }

    @Override
    public void close() {
      try {
        backend.stop();
      } finally {
        previousProperties.forEach((k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
      }
    }
  }

  /**
   * The fake of an enclosing class that serves this (nested) class: the same extension's, unless the nested class
   * carries a {@link CustomerIoFake} of its own.
   */
  private Running inherited(ExtensionContext context) {
    Running parent = parentRunning(context);
    if (parent == null) {
      return null;
    }
    boolean own = configured == null && context.getTestClass()
        .map(c -> AnnotationSupport.isAnnotated(c, CustomerIoFake.class)).orElse(false);
    return own ? null : parent;
  }

  private static Running parentRunning(ExtensionContext context) {
    return context.getParent().map(p -> p.getStore(NAMESPACE).get(SERVER, Running.class)).orElse(null);
  }

  private Running start(Settings s, ExtensionContext context) {
    FakeBackend backend = s.mode == Mode.CONTAINER ? new ContainerBackend(s.options, s.image)
        : FakeBackend.inProcess(CioFakeServer.start(s.options));
    return new Running(backend, s);
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
