package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.http.Api;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code wrong-api-key}: an App API key sent to the Track API, a Track API key sent to the App API, either sent to the
 * Data Pipelines API, or a Pipelines key sent to either (the Pipelines API answers 200 and drops the call unless the
 * request asked for strict mode; the pitfall fires either way).
 */
public final class WrongApiKeyDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.WRONG_API_KEY, Severity.ERROR,
      "An API key of the wrong kind was used",
      "The Track API (track.customer.io) takes HTTP Basic site_id:track_api_key; the App API (api.customer.io) "
          + "takes Authorization: Bearer <App API key>; the Data Pipelines API (cdp.customer.io) takes HTTP Basic with "
          + "the source's API key as the user name and an empty password. Use the key made for the API you call "
          + "(Workspace Settings > API Credentials; Data Pipelines > Sources for the Pipelines key).");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    AuthOutcome auth = ex.auth();
    if (auth == null || auth.status() != AuthOutcome.Status.WRONG_KEY_TYPE) {
      return;
    }
    String apiName = ex.api() == Api.APP ? "App API" : ex.api() == Api.PIPELINES ? "Pipelines API" : "Track API";
    String expected = ex.api() == Api.APP ? "App API key (Bearer)"
        : ex.api() == Api.PIPELINES ? "Pipelines API key (HTTP Basic pipelines_api_key: with an empty password)"
        : "Track API key (HTTP Basic site_id:track_api_key)";
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("api", ex.api().family());
    ev.put("key_used", auth.keyUsed().label());
    ev.put("key_expected", expected);
    ev.put("auth_scheme", auth.scheme());
    ev.put("status", ex.response() == null ? null : ex.response().status());
    recorder.record(DEFINITION, ex, auth.keyUsed().label() + " used on the " + apiName + " ("
        + ex.request().method() + " " + ex.request().rawPath() + "); it needs the " + expected, ev);
  }
}
