package dev.ciofake.junit5;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.ciofake.CioFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Start-up cost of {@code @CustomerIoFake} against WireMock's own {@code WireMockExtension} and {@code @WireMockTest},
 * in one JVM: the time from the first extension callback of a test class (a clock extension registered before the
 * fake) to the end of the first request its one test sends (an identify to cio-fake; a PUT to a stub registered in the
 * test for WireMock). Prints the figures of several rounds; asserts only that every run passed, never a time.
 *
 * <p>Not a *Test, so surefire runs it only when asked:
 * {@code mvn -o -pl fake-server test -Dtest=StartupCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dstartup.first=1} to start the JVM with WireMock's extension instead of cio-fake), then
 * read {@code fake-server/target/surefire-reports/dev.ciofake.junit5.StartupCostBenchmark-output.txt}; or run
 * {@link #main} on the test class path.
 */
class StartupCostBenchmark {
  static final int ROUNDS = 7;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static volatile long startNanos;
  static volatile long firstRequestDoneNanos;

  /** Stamps the start: registered before the extension under measure, so its beforeAll runs first. */
  static final class Clock implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      startNanos = System.nanoTime();
    }
  }

  static int send(String url, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\"}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    int status = HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    firstRequestDoneNanos = System.nanoTime();
    return status;
  }

  @OnlyInTestKit
  @ExtendWith(Clock.class)
  @CustomerIoFake
  @org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_PROPERTIES)
  static class CioFakeExample {
    @Test
    void firstRequest(CioFake cio) throws Exception {
      String auth = "Basic " + Base64.getEncoder().encodeToString((cio.siteId() + ":" + cio.trackApiKey()).getBytes());
      assertThat(send(cio.trackUrl() + "/customers/42", auth)).isEqualTo(200);
    }
  }

  @OnlyInTestKit
  @ExtendWith(Clock.class)
  static class WireMockExtensionExample {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void firstRequest() throws Exception {
      wm.stubFor(put("/api/v1/customers/42").willReturn(ok("{}")));
      assertThat(send(wm.baseUrl() + "/api/v1/customers/42", null)).isEqualTo(200);
    }
  }

  @OnlyInTestKit
  @ExtendWith(Clock.class)
  @WireMockTest
  static class WireMockTestExample {
    @Test
    void firstRequest(WireMockRuntimeInfo wm) throws Exception {
      stubFor(put("/api/v1/customers/42").willReturn(ok("{}")));
      assertThat(send(wm.getHttpBaseUrl() + "/api/v1/customers/42", null)).isEqualTo(200);
    }
  }

  /** Milliseconds from the clock to the first response, or fails when the example did not pass. */
  static double once(Class<?> example) {
    TestKit.run(example).assertPassed("firstRequest");
    return (firstRequestDoneNanos - startNanos) / 1e6;
  }

  @Test
  void printStartupCost() {
    List<Class<?>> examples = new ArrayList<>(List.of(CioFakeExample.class, WireMockExtensionExample.class,
        WireMockTestExample.class));
    // -Dstartup.first=N (0, 1, 2) picks which example is the JVM's first, to see each one's cold cost
    java.util.Collections.rotate(examples, -Integer.getInteger("startup.first", 0));
    Map<String, List<Double>> times = new LinkedHashMap<>();
    examples.forEach(e -> times.put(e.getSimpleName(), new ArrayList<>()));
    StringBuilder out = new StringBuilder("start-up to first served request, ms (round 1 is the JVM's first: "
        + "class loading; the order rotates each round)\n");
    for (int round = 0; round < ROUNDS; round++) {
      out.append("round ").append(round + 1).append(':');
      for (int i = 0; i < examples.size(); i++) {
        Class<?> example = examples.get((i + round) % examples.size());
        double ms = once(example);
        times.get(example.getSimpleName()).add(ms);
        out.append(String.format("  %s %.1f", example.getSimpleName(), ms));
      }
      out.append('\n');
    }
    times.forEach((name, ms) -> {
      List<Double> warm = new ArrayList<>(ms.subList(1, ms.size()));
      warm.sort(null);
      out.append(String.format("%-26s first %.1f, warm median %.1f, warm min %.1f, warm max %.1f%n", name, ms.get(0),
          warm.get(warm.size() / 2), warm.get(0), warm.get(warm.size() - 1)));
    });
    System.out.print(out);
    assertThat(times.values()).allSatisfy(ms -> assertThat(ms).hasSize(ROUNDS).allMatch(t -> t > 0));
  }

  public static void main(String[] args) {
    new StartupCostBenchmark().printStartupCost();
  }
}
