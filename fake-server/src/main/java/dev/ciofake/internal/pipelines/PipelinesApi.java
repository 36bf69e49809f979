package dev.ciofake.internal.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.validation.BodyPolicy;
import dev.ciofake.internal.validation.PipelinesTimestampRule;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.Validator.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The Data Pipelines API (docs/pipelines.md): {@code POST /v1/identify}, {@code /track}, {@code /page},
 * {@code /screen}, {@code /group}, {@code /alias} and {@code /batch}, authenticated with HTTP Basic (the source's key as
 * the user name, an empty password), Segment-style camelCase payloads.
 *
 * <p>Validation is the pipeline's, as for every endpoint: each call is checked against its schema under
 * {@code schemas/pipelines/} ({@code call.json} dispatches a batch call on its {@code type}) and then the timestamp
 * rule. What the answer is depends on the request: with {@code X-Strict-Mode: 1} a bad call is a real 400
 * {@code {"meta":{"errors":[...]}}} (in a batch, one bad call refuses the batch) and bad credentials a 401; without it
 * (the default) the API is permissive exactly like the real service: 200 {@code {}}, the bad call dropped and what was
 * wrong recorded (a {@code CallDropped} effect, the {@code silently-dropped} pitfall). A request over 32 KB, a batch
 * over 500 KB or a call over 32 KB inside a batch is dropped whole (400 in strict mode).
 *
 * <p>Accepted calls change the same workspace state as the Track API ({@link PipelinesCalls}).
 */
public final class PipelinesApi {
  /** Documented limit of one request, and of one call inside a batch. */
  public static final int MAX_CALL_BYTES = 32 * 1024;
  /** Documented limit of a batch request. */
  public static final int MAX_BATCH_BYTES = 500 * 1024;
  /** The call types, in the order of the documentation. */
  public static final List<String> CALLS = List.of("identify", "track", "page", "screen", "group", "alias");

  private static final String SCHEMAS = "schemas/pipelines/";
  private static final List<Rule> RULES = List.of(new PipelinesTimestampRule());
  private static final Check CALL = new Check(SCHEMAS + "call.json", RULES);

  private PipelinesApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    for (String call : CALLS) {
      e.add(Endpoint.builder(Api.PIPELINES, call).post("/v1/" + call).body(BodyPolicy.OBJECT)
          .maxBodyBytes(MAX_CALL_BYTES)
          .schema(SCHEMAS + call + ".json")
          .rule(RULES.get(0))
          .handle(ex -> {
            PipelinesCalls.apply(ex, call, ex.body());
            return Api.PIPELINES.ok();
          }));
    }
    e.add(Endpoint.builder(Api.PIPELINES, "batch").post("/v1/batch").body(BodyPolicy.OBJECT)
        .maxBodyBytes(MAX_BATCH_BYTES)
        .schema(SCHEMAS + "batch.json")
        .operations(new Endpoint.Operations("batch", MAX_CALL_BYTES, op -> CALL, PipelinesApi::applyCall,
            ex -> Api.PIPELINES.permissive(ex.request()) ? Endpoint.BadOperations.DROP
                : Endpoint.BadOperations.REJECT_ALL))
        .handle(ex -> Api.PIPELINES.ok()));
    return e;
  }

  /** The schemas of every call type (for tests and for loading at start). */
  public static List<String> callSchemas() {
    List<String> out = new ArrayList<>();
    CALLS.forEach(c -> out.add(SCHEMAS + c + ".json"));
    out.add(SCHEMAS + "call.json");
    return out;
  }

  private static void applyCall(Exchange ex, JsonNode call) {
    PipelinesCalls.apply(ex, call.path("type").asText(), call);
  }
}
