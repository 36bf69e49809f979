package dev.ciofake.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * Plain WireMock with the one stub the comparison uses: {@code PUT /api/v1/customers/{id}} answers {@code {}}.
 * In-process for the throughput rounds, and as a standalone main for the start-up runs
 * ({@code java -cp cio-fake-bench.jar dev.ciofake.bench.PlainWireMock [--no-journal]}), which prints
 * {@code wiremock port N} once it serves, like {@code cio-fake track ...} of the cio-fake jar.
 */
public final class PlainWireMock {
  private PlainWireMock() {}

  /** Starts plain WireMock on 127.0.0.1, a free port, with the stub; the request journal on or off. */
  public static WireMockServer start(boolean journal) {
    WireMockConfiguration c = WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1");
    if (!journal) {
      c.disableRequestJournal();
    }
    WireMockServer server = new WireMockServer(c);
    server.start();
    server.stubFor(put(urlPathMatching("/api/v1/customers/[^/]+")).willReturn(okJson("{}")));
    return server;
  }

  public static void main(String[] args) throws InterruptedException {
    boolean journal = args.length == 0 || !args[0].equals("--no-journal");
    WireMockServer server = start(journal);
    System.out.println("wiremock port " + server.port());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    // bounded: the bench destroys this process; it exits by itself after ten minutes at the latest
    Thread.sleep(600_000);
    System.exit(0);
  }
}
