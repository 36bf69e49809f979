package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.BoundedSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code app-key-in-browser}: an App API request that the workspace's App key authenticated carries a browser's
 * {@code Origin} header. Browsers send {@code Origin} on every cross-origin {@code fetch}; server-side clients do not
 * (customerio-node 5.2 on Node's fetch sends none: its recorded requests carry {@code sec-fetch-mode: cors} but no
 * {@code Origin}, so that header alone proves nothing). The App key reads and changes the whole workspace and sends
 * messages: in a page's code anyone can copy it. Once per workspace and origin; the key itself is never shown.
 */
public final class AppKeyInBrowserDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.APP_KEY_IN_BROWSER,
      Severity.ERROR, "The App API key was used from a browser",
      "Call the App API only from your server, with the key in a secret store; have the page call your own "
          + "endpoint, which checks the user and calls Customer.io. Rotate the key that reached the browser "
          + "(Account Settings > API Credentials).");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    Workspace w = ex.workspace();
    String origin = ex.request().header("Origin");
    if (w == null || origin == null || ex.api() != Api.APP || ex.response() == null
        || ex.response().status() == 401) {
      return;
    }
    String shown = origin.length() > 200 ? origin.substring(0, 200) + "..." : origin;
    BoundedSet<String> reported = w.detectorState(DEFINITION.id(), () -> new BoundedSet<String>(1_000));
    if (!reported.add(shown)) {
      return;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("origin", shown);
    ev.put("key", "App API key");
    recorder.record(DEFINITION, ex, "An App API request authenticated with the App key came from a browser page "
        + "(Origin: " + shown + ")", ev);
  }
}
