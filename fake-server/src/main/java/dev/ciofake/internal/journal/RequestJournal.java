package dev.ciofake.internal.journal;

import dev.ciofake.internal.util.Secrets;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.SystemClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fake's own request journal: bounded (oldest entries dropped and counted), with every secret masked
 * before it is stored. WireMock's unbounded journal is switched off.
 */
public final class RequestJournal {
  private final BoundedLog<JournalEntry> entries;
  private final int bodyBytes;

  public RequestJournal(int capacity, int bodyBytes) {
    this.entries = new BoundedLog<>(capacity);
    this.bodyBytes = bodyBytes;
  }

  public void record(Exchange ex) {
    ApiRequest r = ex.request();
    List<String> errors = new ArrayList<>(1);
    for (Violation v : ex.violations()) {
      errors.add((v.rejects() ? "" : "accepted: ") + v.message());
    }
    String bodyText = null;
    if (ex.body() == null && r.body().length > 0) {
      int n = Math.min(r.body().length, bodyBytes);
      bodyText = new String(r.body(), 0, n, StandardCharsets.UTF_8) + (n < r.body().length ? "...(truncated)" : "");
    }
    double ms = (SystemClock.realNanos() - r.startedRealNanos()) / 1_000_000.0;
    entries.add(new JournalEntry(r.id(), r.receivedAtMillis(), r.method(), r.rawPath(), r.rawQuery(),
        ex.api() == null ? null : ex.api().family(), ex.operation(), ex.siteId(), r.connectionId(),
        maskHeaders(r.headers()), ex.body(), bodyText, r.body().length,
        ex.response() == null ? 0 : ex.response().status(), errors, ex.injectedFault(), ms));
  }

  /** The newest {@code limit} entries matching the filter, oldest first. */
  public List<JournalEntry> newest(int limit, Predicate<JournalEntry> filter) {
    return entries.newest(limit, filter);
  }

  public long dropped() {
    return entries.dropped();
  }

  public long total() {
    return entries.added();
  }

  public int size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
  }

  /** Copies headers with {@code Authorization} (and any header that carries a key) masked. */
  public static Map<String, String> maskHeaders(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, maskHeader(k, v)));
    return out;
  }

  static String maskHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("authorization") || lower.equals("proxy-authorization")) {
      return maskAuthorization(value);
    }
    if (lower.contains("api-key") || lower.contains("apikey") || lower.contains("secret") || lower.contains("token")) {
      return Secrets.mask(value);
    }
    return value;
  }

  /** {@code Basic site:****} (site id kept, key masked) or {@code Bearer ****abcd}. */
  public static String maskAuthorization(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    int sp = v.indexOf(' ');
    if (sp < 0) {
      return "****";
    }
    String scheme = v.substring(0, sp);
    String cred = v.substring(sp + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded = dev.ciofake.internal.auth.BasicCredentials.decode(cred);
      if (decoded != null && decoded.indexOf(':') >= 0) {
        int c = decoded.indexOf(':');
        return scheme + " " + decoded.substring(0, c) + ":" + Secrets.mask(decoded.substring(c + 1));
      }
      return scheme + " ****";
    }
    return scheme + " " + Secrets.mask(cred);
  }
}
