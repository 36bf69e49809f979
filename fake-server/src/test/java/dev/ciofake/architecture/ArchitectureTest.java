package dev.ciofake.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's code keeps the layering of ARCHITECTURE.md: no package cycles under {@code dev.ciofake.internal},
 * every dependency pointing down the ranks of {@link Layering}, the internals using only the public values, and time
 * read only from the fake's clock. {@link LayeringRulesTest} shows each rule failing on planted violations.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.ciofake");
  }

  @Test
  void internalPackagesHaveNoCycles() {
    Layering.noCycles("dev.ciofake").check(classes);
  }

  @Test
  void internalDependenciesPointDownTheLayers() {
    Layering.layers("dev.ciofake").check(classes);
  }

  @Test
  void internalsUseOnlyThePublicValuesAndTheClock() {
    Layering.internalsUseOnlyPublicValues("dev.ciofake").check(classes);
  }

  @Test
  void onlyTheClockReadsTheMachinesTime() {
    Layering.timeComesFromTheClock("dev.ciofake", "dev.ciofake.internal.util.SystemClock").check(classes);
  }
}
