package dev.ciofake.internal.webhook;

/** ULIDs for webhook {@code event_id}s, as the real service sends (see {@link dev.ciofake.internal.util.Ulid}). */
public final class Ulid {
  private Ulid() {}

  /** A ULID for an event that happens at {@code millis} (epoch milliseconds of the fake's clock). */
  public static String of(long millis) {
    return dev.ciofake.internal.util.Ulid.of(millis);
  }
}
