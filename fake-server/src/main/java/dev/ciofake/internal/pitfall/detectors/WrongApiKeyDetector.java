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

/** {@code wrong-api-key}: an App API key sent to the Track API, or a Track API key sent to the App API. */
public final class WrongApiKeyDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.WRONG_API_KEY, Severity.ERROR,
      "An API key of the wrong kind was used",
      "The Track API (track.customer.io) takes HTTP Basic site_id:track_api_key; the App API (api.customer.io) "
          + "takes Authorization: Bearer <App API key>. Use the key made for the API you call "
          + "(Workspace Settings > API Credentials).");

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
    boolean track = ex.api() != Api.APP;
    String apiName = track ? "Track API" : "App API";
    String expected = track ? "Track API key (HTTP Basic site_id:track_api_key)" : "App API key (Bearer)";
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
