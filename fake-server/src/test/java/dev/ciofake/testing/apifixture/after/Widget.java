package dev.ciofake.testing.apifixture.after;

/** Fixture of {@code ApiDumpTest}: the same type with one signature changed (a parameter added). */
public final class Widget {
  public Widget() {}

  public String name(int width) {
    return "w" + width;
  }

  String hidden() {
    return "not API";
  }
}
