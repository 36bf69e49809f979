package dev.ciofake.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a fake Customer.io for a test class (or one test method) and fails a test that commits a Customer.io
 * pitfall.
 *
 * <pre>{@code
 * @CustomerIoFake
 * class SignupTest {
 *   @Test
 *   void tracksTheSignup(CioFake cio) {
 *     new Signup(cio.trackUrl(), cio.siteId(), cio.trackApiKey()).run("42");
 *     assertThat(cio).receivedEvent("signed_up").forPerson("42").times(1);
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>On a class, one fake serves the whole class on a random port; on a method, that method has its own.</li>
 *   <li>Each test gets a clean workspace: reset before each test, or a workspace of its own when tests run in
 *       parallel, so they never see each other's people, events or pitfalls.</li>
 *   <li>A {@link dev.ciofake.CioFake} is injected into test and lifecycle methods and constructors.</li>
 *   <li>The system properties {@code cio.track.url}, {@code cio.app.url}, {@code cio.site-id},
 *       {@code cio.track-api-key} and {@code cio.app-api-key} point at the fake while it runs.</li>
 *   <li>After each test, pitfalls of {@link #failOn()} severity fail it, with each pitfall's message, fix and
 *       evidence, unless allowed by {@link #allowPitfalls()} or {@link AllowPitfalls}.</li>
 * </ul>
 * Everything else is configured with {@link CustomerIoFakeExtension#builder()}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CustomerIoFakeExtension.class)
public @interface CustomerIoFake {

  /** Accept millisecond timestamps (still recorded as a pitfall) instead of answering 400. */
  boolean lenientTimestamps() default false;

  /** Enforce the documented rate limits (429 with Retry-After). */
  boolean rateLimits() default true;

  /** Which pitfalls fail a test: errors (the default), warnings too, or none. */
  FailOn failOn() default FailOn.ERROR;

  /** Pitfall ids that never fail a test of this class or method. */
  String[] allowPitfalls() default {};

  /** In process (the default) or in the container image, with the same test code. */
  Mode mode() default Mode.IN_PROCESS;

  /** The image of {@link Mode#CONTAINER}. */
  String image() default "localhost/cio-fake:latest";

  /**
   * A workspace file every workspace of the fake starts with (docs/workspace-file.md): a classpath resource
   * ({@code "workspaces/shop.yaml"}) or a file path; empty for none.
   */
  String workspaceFile() default "";
}
