package dev.ciofake;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one workspace behaves: immutable. A fake starts every workspace with the defaults of its options
 * ({@link CioFakeOptions#workspaceDefaults()}); a test changes one workspace with
 * {@link CioFake#settings(WorkspaceSettings)} (or {@code PUT /__cio/workspaces/{site}/settings}), and the JUnit
 * extension puts the first test's settings back before the next test.
 *
 * <pre>{@code
 * cio.settings(cio.settings().toBuilder().lenientTimestamps(true).rateLimit(RateClass.TRACK, RateLimit.perSecond(10)).build());
 * }</pre>
 *
 * @param lenientTimestamps accept millisecond timestamps as the real service does (and record the pitfall) instead
 *     of answering 400
 * @param emailIdentifiers whether an email in the path addresses a person by email (the real workspace setting;
 *     on by default)
 * @param allowEmailUpdatesById the real workspace setting "Allow updates to email using ID" (on by default)
 * @param region what the region lookup answers
 * @param expectEmail whether people are expected to carry an email attribute (the {@code missing-email} pitfall)
 * @param rateLimitsEnabled whether the rate limits apply at all
 * @param rateLimits the limit of each class (every class present)
 * @param deliveryProblemGrace how long after a reported bounce or complaint emailing the person again is not yet a
 *     pitfall (the integration needs a moment to process the webhook)
 */
public record WorkspaceSettings(boolean lenientTimestamps, boolean emailIdentifiers, boolean allowEmailUpdatesById,
    Region region, boolean expectEmail, boolean rateLimitsEnabled, Map<RateClass, RateLimit> rateLimits,
    Duration deliveryProblemGrace) {

  private static final WorkspaceSettings DEFAULTS = new Builder().build();

  /** Checks and copies. */
  public WorkspaceSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(deliveryProblemGrace, "deliveryProblemGrace");
    if (deliveryProblemGrace.isNegative()) {
      throw new IllegalArgumentException("deliveryProblemGrace must not be negative");
    }
    Map<RateClass, RateLimit> all = new EnumMap<>(RateClass.class);
    for (RateClass c : RateClass.values()) {
      all.put(c, c.defaultLimit());
    }
    rateLimits.forEach((c, l) -> all.put(Objects.requireNonNull(c, "rate class"), Objects.requireNonNull(l, "limit")));
    rateLimits = Collections.unmodifiableMap(all);
  }

  /** The documented behaviour: strict timestamps, email identifiers on, region us, the documented rate limits. */
  public static WorkspaceSettings defaults() {
    return DEFAULTS;
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The limit of one class. */
  public RateLimit rateLimit(RateClass rateClass) {
    return rateLimits.get(rateClass);
  }

  /** Builder of {@link WorkspaceSettings}. */
  public static final class Builder {
    private boolean lenientTimestamps;
    private boolean emailIdentifiers = true;
    private boolean allowEmailUpdatesById = true;
    private Region region = Region.US;
    private boolean expectEmail = true;
    private boolean rateLimitsEnabled = true;
    private final Map<RateClass, RateLimit> rateLimits = new EnumMap<>(RateClass.class);
    private Duration deliveryProblemGrace = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(WorkspaceSettings s) {
      lenientTimestamps = s.lenientTimestamps;
      emailIdentifiers = s.emailIdentifiers;
      allowEmailUpdatesById = s.allowEmailUpdatesById;
      region = s.region;
      expectEmail = s.expectEmail;
      rateLimitsEnabled = s.rateLimitsEnabled;
      rateLimits.putAll(s.rateLimits);
      deliveryProblemGrace = s.deliveryProblemGrace;
    }

    /** Accept millisecond timestamps (recording the pitfall) instead of answering 400. Default false. */
    public Builder lenientTimestamps(boolean value) {
      this.lenientTimestamps = value;
      return this;
    }

    /** Whether an email in the path addresses a person by email. Default true. */
    public Builder emailIdentifiers(boolean value) {
      this.emailIdentifiers = value;
      return this;
    }

    /** The workspace setting "Allow updates to email using ID". Default true. */
    public Builder allowEmailUpdatesById(boolean value) {
      this.allowEmailUpdatesById = value;
      return this;
    }

    /** The region the region lookup reports. Default {@link Region#US}. */
    public Builder region(Region value) {
      this.region = Objects.requireNonNull(value, "region");
      return this;
    }

    /** Whether people are expected to carry an email (the {@code missing-email} pitfall). Default true. */
    public Builder expectEmail(boolean value) {
      this.expectEmail = value;
      return this;
    }

    /** Whether rate limits apply at all. Default true. */
    public Builder rateLimits(boolean enabled) {
      this.rateLimitsEnabled = enabled;
      return this;
    }

    /** The limit of one class (the others keep theirs). */
    public Builder rateLimit(RateClass rateClass, RateLimit limit) {
      rateLimits.put(Objects.requireNonNull(rateClass, "rateClass"), Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /** Grace after a reported bounce or complaint before emailing the person is a pitfall. Default 60 s. */
    public Builder deliveryProblemGrace(Duration value) {
      this.deliveryProblemGrace = Objects.requireNonNull(value, "deliveryProblemGrace");
      return this;
    }

    /** The settings. */
    public WorkspaceSettings build() {
      return new WorkspaceSettings(lenientTimestamps, emailIdentifiers, allowEmailUpdatesById, region, expectEmail,
          rateLimitsEnabled, rateLimits, deliveryProblemGrace);
    }
  }
}
