package dev.ciofake.internal.pipeline;

import com.github.tomakehurst.wiremock.common.HttpsSettings;
import com.github.tomakehurst.wiremock.common.JettySettings;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.HandlerCollection;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHandler;
import org.eclipse.jetty.servlet.ServletMapping;

/**
 * WireMock's Jetty 11 server with the fake's edge: the {@link BodyGate} in front of WireMock's servlet, the
 * {@link EdgeErrorHandler} for every page Jetty writes itself, and nothing WireMock serves besides the fake: WireMock's
 * own admin API ({@code /__admin}, which could stop the server or add proxies, from any origin) and its file server
 * ({@code /__files}) are not mounted, so those paths reach the fake's router like any other.
 */
public final class EdgeServerFactory implements HttpServerFactory {
  /** What the edge enforces. */
  public record Limits(int maxBodyBytes, long bodyReadTimeoutMillis, long minBodyBytesPerSecond) {}

  private final Limits limits;
  private final CioRequestFilter direct;

  /** @param direct the fake's filter, whose pipeline the edge runs itself ({@link BodyGate}'s direct path) */
  public EdgeServerFactory(Limits limits, CioRequestFilter direct) {
    this.limits = limits;
    this.direct = direct;
  }

  @Override
  public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
    Edge.BUILDING.set(new Building(limits, direct)); // WireMock's constructor calls the overrides below before a field could be set
    try {
      return new Edge(options, admin, stubs);
    } finally {
      Edge.BUILDING.remove();
    }
  }

  /** What the server under construction needs, passed around WireMock's constructor. */
  private record Building(Limits limits, CioRequestFilter direct) {}

  private static final class Edge extends Jetty11HttpServer {
    static final ThreadLocal<Building> BUILDING = new ThreadLocal<>();
    private static final String WIREMOCK_ADMIN = "/__admin";
    private static final String WIREMOCK_FILES = "/__files/*";

    Edge(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
      super(options, admin, stubs);
    }

    private static Building building() {
      return BUILDING.get();
    }

    @Override
    protected ServerConnector createHttpConnector(String bindAddress, int port, JettySettings jettySettings,
        NetworkTrafficListener listener) {
      return tuned(super.createHttpConnector(bindAddress, port, jettySettings, listener));
    }

    @Override
    protected ServerConnector createHttpsConnector(String bindAddress, HttpsSettings httpsSettings,
        JettySettings jettySettings, NetworkTrafficListener listener) {
      return tuned(super.createHttpsConnector(bindAddress, httpsSettings, jettySettings, listener));
    }

    /** Dispatch at once (the gate's deadline starts with the headers); HTTP/1.1 channels remember their request line. */
    private static ServerConnector tuned(ServerConnector connector) {
      List<ConnectionFactory> factories = new ArrayList<>();
      for (ConnectionFactory f : connector.getConnectionFactories()) {
        if (f instanceof HttpConfiguration.ConnectionFactory hc) {
          hc.getHttpConfiguration().setDelayDispatchUntilContent(false);
        }
        factories.add(f.getClass() == HttpConnectionFactory.class
            ? new EdgeErrorHandler.PathRecordingHttp(((HttpConnectionFactory) f).getHttpConfiguration()) : f);
      }
      connector.setConnectionFactories(factories); // same order: the first stays the default protocol
      return connector;
    }

    @Override
    protected void applyAdditionalServerConfiguration(Server jettyServer, Options options) {
      super.applyAdditionalServerConfiguration(jettyServer, options);
      jettyServer.setErrorHandler(new EdgeErrorHandler());
    }

    @Override
    protected Handler createHandler(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
      Handler handler = super.createHandler(options, admin, stubs);
      if (handler instanceof HandlerCollection handlers) {
        for (Handler h : handlers.getHandlers()) {
          if (h instanceof ContextHandler c && WIREMOCK_ADMIN.equals(c.getContextPath())) {
            handlers.removeHandler(h);
          }
        }
      }
      return handler;
    }

    @Override
    protected void decorateMockServiceContextAfterConfig(ServletContextHandler context) {
      ServletHandler servlets = context.getServletHandler();
      servlets.setServletMappings(Arrays.stream(servlets.getServletMappings())
          .filter(m -> !Arrays.asList(m.getPathSpecs()).contains(WIREMOCK_FILES))
          .toArray(ServletMapping[]::new));
      context.setErrorHandler(new EdgeErrorHandler());
      Limits l = building().limits();
      FilterHolder gate = new FilterHolder(new BodyGate(l.maxBodyBytes(), l.bodyReadTimeoutMillis(),
          l.minBodyBytesPerSecond(), building().direct()));
      gate.setAsyncSupported(true);
      context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }
  }
}
