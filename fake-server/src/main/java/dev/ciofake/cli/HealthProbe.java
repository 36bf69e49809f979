package dev.ciofake.cli;

import dev.ciofake.internal.util.RawHttp;
import java.util.Map;

/**
 * The container HEALTHCHECK: {@code java -cp cio-fake.jar dev.ciofake.cli.HealthProbe} exits 0 when
 * {@code GET /__cio/health} on {@code CIO_FAKE_PORT} (default 8091) answers 200, 1 otherwise. A plain socket keeps it
 * fast and free of dependencies; images without curl need it.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("CIO_FAKE_PORT", "8091").trim();
    try {
      int status = RawHttp.exchange("http://127.0.0.1:" + port, "GET", "/__cio/health", Map.of(), null, 2000).status();
      System.exit(status == 200 ? 0 : 1);
    } catch (Exception e) {
      System.exit(1);
    }
  }
}
