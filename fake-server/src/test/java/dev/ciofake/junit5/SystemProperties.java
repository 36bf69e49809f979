package dev.ciofake.junit5;

/** Runs code with a system property set (or cleared, for null), and puts the previous value back after it. */
final class SystemProperties {
  private SystemProperties() {}

  static void with(String key, String value, Runnable body) {
    String before = System.getProperty(key);
    set(key, value);
    try {
      body.run();
    } finally {
      set(key, before);
    }
  }

  static void set(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
