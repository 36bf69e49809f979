package dev.ciofake.internal.pipeline;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.client.ApacheHttpClientFactory;
import com.github.tomakehurst.wiremock.http.client.HttpClient;
import com.github.tomakehurst.wiremock.http.client.HttpClientFactory;
import com.github.tomakehurst.wiremock.http.client.LazyHttpClient;
import java.util.List;

/**
 * WireMock's proxy clients, built on first use instead of at start.
 *
 * <p>WireMock builds two Apache HttpClient 5 instances (reverse and forward proxy) while it starts, which loads
 * HttpClient 5 and the JDK's TLS stack and reads the JDK's trust store: about a fifth of its start-up on a small
 * machine. cio-fake answers every request in its own filter and never proxies, so the clients are only built
 * if something (a user's extension) ever proxies through WireMock.
 */
public final class DeferredProxyClients implements HttpClientFactory {
  private final HttpClientFactory delegate = new ApacheHttpClientFactory();

  @Override
  public HttpClient buildHttpClient(Options options, boolean trustAllCertificates, List<String> trustedHosts,
      boolean useSystemProperties) {
    return new LazyHttpClient(
        () -> delegate.buildHttpClient(options, trustAllCertificates, trustedHosts, useSystemProperties));
  }
}
