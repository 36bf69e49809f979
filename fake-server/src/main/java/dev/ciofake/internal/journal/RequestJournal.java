package dev.ciofake.internal.journal;

import dev.ciofake.internal.util.Secrets;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.Interner;
import dev.ciofake.internal.util.Redaction;
import dev.ciofake.internal.util.SystemClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The fake's own request journal: bounded (oldest entries dropped and counted), with every credential in headers and
 * query strings masked ({@link Redaction}) before it is stored; what the admin API shows of it is scrubbed of known
 * keys as well. WireMock's unbounded journal is switched off.
 */
public final class RequestJournal {
  private final BoundedLog<JournalEntry> entries;
  private final int bodyBytes;
  /** Header names and values that clients repeat, kept once for all entries. */
  private final Interner headerStrings = new Interner(1024, 256);

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
    for (dev.ciofake.internal.state.Effect e : ex.effects()) {
      if (e instanceof dev.ciofake.internal.state.Effect.CallDropped d) {
        // answered 200 and not applied: what a reader of the journal (the scenario runner) must not count as kept
        errors.add("dropped: " + (d.index() == null ? "the whole request" : "call " + d.index()) + ": "
            + (d.reasons().isEmpty() ? d.code() : d.reasons().get(0)));
      }
    }
    byte[] raw = r.body();
    boolean json = ex.body() != null;
    byte[] kept = raw;
    boolean truncated = false;
    if (!json && raw.length > bodyBytes) {
      kept = cut(raw, bodyBytes);
      truncated = true;
    }
    byte[] answer = ex.response() == null ? null : ex.response().body();
    int responseLength = answer == null ? 0 : answer.length;
    // the entry copies what it keeps into its one array: an answer under the size limit is passed as it is
    byte[] response = responseLength == 0 ? null : responseLength <= bodyBytes ? answer : cut(answer, bodyBytes);
    String[] headers = r.maskedHeaderPairs();
    for (int i = 0; i < headers.length; i++) {
      headers[i] = headerStrings.share(headers[i]);
    }
    double ms = (SystemClock.realNanos() - r.startedRealNanos()) / 1_000_000.0;
    entries.add(new JournalEntry(r.id(), r.receivedAtMillis(), r.method(), r.rawPath(),
        Redaction.maskQuery(r.rawQuery()),
        ex.api() == null ? null : ex.api().family(), ex.operation(), ex.siteId(), r.connectionId(),
        headers, kept, json, truncated, raw.length,
        ex.response() == null ? 0 : ex.response().status(), errors.isEmpty() ? List.of() : errors,
        ex.injectedFault(), ms, response, response != null && response.length < responseLength));
  }

  /** The first {@code n} bytes; the view decodes them as it always did (a cut character shows as U+FFFD). */
  private static byte[] cut(byte[] raw, int n) {
    return java.util.Arrays.copyOf(raw, n);
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

  /** The most entries kept. */
  public int capacity() {
    return entries.capacity();
  }

  public void clear() {
    entries.clear();
  }
}
