package dev.ciofake.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One parsed scenario (the YAML format is {@code scenarios/schema/scenario.schema.json}): the workspace, the system
 * under test, a timeline of chaos and delivery events, the workload sent to the SUT, and the expectations. Immutable;
 * defaults are filled in by {@link ScenarioParser}.
 *
 * @param name short stable name (reports, progress line)
 * @param description what it tests, or empty
 * @param source the file it came from, as the user named it
 * @param seed base seed of the chaos rules
 * @param durationSeconds length of the timeline
 * @param settleSeconds how long to wait after the timeline for eventual expectations
 * @param workspace the fake's workspace
 * @param sut the system under test as the file describes it (the command line may override it)
 * @param timeline chaos windows and delivery events, in file order
 * @param workload calls to the SUT
 * @param expect the expectations
 */
public record Scenario(String name, String description, String source, long seed, double durationSeconds,
    double settleSeconds, Workspace workspace, Sut sut, List<TimelineItem> timeline, List<Workload> workload,
    Expectations expect) {

  /**
   * The fake's workspace.
   *
   * @param pipelinesApiKey the Data Pipelines source key
   * @param people who exists before the SUT starts
   * @param webhook the SUT's reporting-webhook endpoint, or null
   * @param settings fake options for this scenario
   * @param file the workspace file the fake starts with (definitions, content, ESP suppressions;
   *     docs/workspace-file.md), as an absolute path, or null
   */
  public record Workspace(String siteId, String trackApiKey, String appApiKey, String pipelinesApiKey,
      List<Person> people, Webhook webhook, Settings settings, String file) {}

  /** A person created before the SUT starts. */
  public record Person(String id, String email, ObjectNode attributes) {}

  /** Where the fake posts reporting-webhook events: a path on the SUT's URL, or a full URL. */
  public record Webhook(String path, String url, String secret) {}

  /**
   * Fake options for one scenario.
   *
   * @param rateLimits class to limit spec ({@code track -> 100/s}); empty keeps the defaults
   * @param rateLimitsEnabled whether the fake answers 429 on its own
   * @param lenientTimestamps accept millisecond timestamps (still a pitfall)
   * @param deliveryProblemGraceSeconds grace before emailing a bounced person is a pitfall
   * @param webhookRetryScale factor on the webhook retry delays
   */
  public record Settings(Map<String, String> rateLimits, boolean rateLimitsEnabled, boolean lenientTimestamps,
      double deliveryProblemGraceSeconds, double webhookRetryScale) {}

  /**
   * The system under test.
   *
   * @param command program and arguments, or empty
   * @param cwd working directory of the command (resolved against the file's folder), or null
   * @param url base URL, possibly with {@code ${PORT}}, or null
   * @param env extra environment (values may use {@code ${CIO_...}} and {@code ${PORT}})
   * @param readyPath the path polled until 2xx before the timeline starts
   * @param startTimeoutSeconds how long it may take to become ready
   * @param stopAfterTimeline stop the command (SIGTERM) when the timeline ends, before settling and judging
   */
  public record Sut(List<String> command, String cwd, String url, Map<String, String> env, String readyPath,
      double startTimeoutSeconds, boolean stopAfterTimeline) {}

  /** An entry of the timeline. */
  public sealed interface TimelineItem permits ChaosWindow, Delivery {
    /** Where it starts, in seconds from the start of the timeline. */
    double startSeconds();
  }

  /**
   * A chaos rule of the fake, open from {@code from} to {@code to}.
   *
   * @param to end of the window, or null for the end of the timeline
   * @param match the rule's match without its time window
   * @param effect the rule's effect
   */
  public record ChaosWindow(double from, Double to, ObjectNode match, ObjectNode effect) implements TimelineItem {
    @Override
    public double startSeconds() {
      return from;
    }

    /**
     * The fake's chaos rule ({@code POST /__cio/chaos}): the match with {@code after_seconds = from} and
     * {@code for_seconds = to - from}, the effect, and the seed. Installed when the timeline starts.
     */
    public ObjectNode toRule(long seed) {
      ObjectNode rule = JsonNodeFactory.instance.objectNode();
      ObjectNode m = match.deepCopy();
      if (from > 0) {
        m.put("after_seconds", from);
      }
      if (to != null) {
        m.put("for_seconds", to - from);
      }
      rule.set("match", m);
      rule.set("effect", effect.deepCopy());
      rule.put("seed", seed);
      return rule;
    }
  }

  /**
   * A reporting-webhook event emitted at {@code at} ({@code POST /__cio/simulate/{metric}}).
   *
   * @param person id, email or cio_ id, or null
   * @param deliveryId a delivery id, or null
   * @param objectType channel of a simulated delivery, or null for email
   * @param failureMessage failure message, or null
   */
  public record Delivery(double at, String metric, String person, String deliveryId, String objectType,
      String failureMessage) implements TimelineItem {
    @Override
    public double startSeconds() {
      return at;
    }
  }

  /**
   * A stream of calls to the SUT: {@code count} calls from {@code at}, one every {@code everyMs}.
   */
  public record Workload(String name, double at, int count, long everyMs, Call request) {}

  /**
   * One HTTP call to the SUT (templates unexpanded).
   *
   * @param body JSON body, or null
   */
  public record Call(String method, String path, JsonNode body, Map<String, String> headers, long timeoutMs) {}

  /** The expectations; a null member is not checked. */
  public record Expectations(Pitfalls pitfalls, NoDataLost noDataLost, FailuresRetried failuresRetried,
      Suppressed suppressed, Latency latency) {}

  /** No pitfall beyond these ids. */
  public record Pitfalls(List<String> allowed) {}

  /**
   * Every distinct write to these APIs ({@code track}, {@code app}, {@code pipelines}) was accepted in the end.
   *
   * @param pipelinesCalls how many Pipelines calls the workload makes the SUT queue, or {@code null}: fewer reaching
   *     the fake is data the client never sent
   */
  public record NoDataLost(List<String> apis, Long pipelinesCalls) {
    /** Writes to these APIs, with no count of Pipelines calls. */
    public NoDataLost(List<String> apis) {
      this(apis, null);
    }
  }

  /** Every injected failure (and, optionally, every 429 of the limiter) was retried successfully later. */
  public record FailuresRetried(boolean includeRateLimited, int minFailures) {}

  /** Every bounced or complaining person was suppressed within a bound. */
  public record Suppressed(double withinSeconds, List<String> metrics, int minReports) {}

  /**
   * The SUT's latency under a bound, measured on a probe call.
   *
   * @param percentile which percentile must be under the bound (100: every sample)
   * @param to end of probing, in seconds (already defaulted to the duration)
   */
  public record Latency(long maxMs, double percentile, Call probe, long everyMs, double from, double to) {}
}
