package dev.ciofake.testing.apifixture.before;

/** Fixture of {@code ApiDumpTest}: the first version of a public type. */
public final class Widget {
  public Widget() {}

  public String name() {
    return "w";
  }

  String hidden() {
    return "not API";
  }
}
