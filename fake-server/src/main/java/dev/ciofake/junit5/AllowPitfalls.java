package dev.ciofake.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pitfall ids that do not fail the annotated test method or class, for tests that commit a mistake on purpose
 * (to check how the code under test handles the rejection, say). Class and method lists add up.
 *
 * <pre>{@code
 * @Test
 * @AllowPitfalls("missing-email")
 * void anonymousCheckoutHasNoEmailYet(CioFake cio) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowPitfalls {
  /** The pitfall ids, for example {@code "missing-email"}. */
  String[] value();
}
