package dev.ciofake.contract.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One of Customer.io's vendored OpenAPI documents ({@code src/test/resources/customerio-specs/}), as JSON and as
 * JSON Schemas (networknt, draft 2020-12) reached by JSON Pointer into it, so every {@code $ref} resolves inside the
 * document itself. A test may apply named {@link #patched patches} (the document's own slips): the patched copy is
 * a separate document, so what each patch changes is counted against the unpatched one.
 */
public final class SpecDocument {
  public static final String TRACK = "customer-io-track-api-openapi.json";
  public static final String WEBHOOKS = "customer-io-reporting-webhooks-openapi.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, SpecDocument> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger PATCHED = new AtomicInteger();

  private final String file;
  private final String iri;
  private final JsonNode root;
  private final byte[] raw;
  private final List<String> patches;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private SpecDocument(String file, String iri, JsonNode root, byte[] raw, List<String> patches) {
    this.file = file;
    this.iri = iri;
    this.root = root;
    this.raw = raw;
    this.patches = patches;
    String text;
    try {
      text = MAPPER.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemas(Map.of(iri, text)));
  }

  /** The vendored document, unchanged. */
  public static SpecDocument load(String file) {
    return LOADED.computeIfAbsent(file, f -> {
      try (InputStream in = SpecDocument.class.getResourceAsStream("/customerio-specs/" + f)) {
        if (in == null) {
          throw new IllegalStateException("not vendored: customerio-specs/" + f);
        }
        byte[] raw = in.readAllBytes();
        return new SpecDocument(f, "https://cio-fake.dev/spec/" + f, MAPPER.readTree(raw), raw, List.of());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * A copy of this document with named patches applied in order: each patch has a name (what the slip is) and
   * changes the copy's JSON.
   */
  public SpecDocument patched(Map<String, Consumer<ObjectNode>> named) {
    ObjectNode copy = root.deepCopy();
    List<String> names = new ArrayList<>(patches);
    named.forEach((name, patch) -> {
      patch.accept(copy);
      names.add(name);
    });
    return new SpecDocument(file, iri.replace(".json", "-patched-" + PATCHED.incrementAndGet() + ".json"), copy, raw,
        List.copyOf(names));
  }

  /** The document's JSON. */
  public JsonNode json() {
    return root;
  }

  /** The node at a JSON Pointer ({@code /components/schemas/email_sent}); missing when there is none. */
  public JsonNode at(String pointer) {
    return root.at(pointer);
  }

  /** The sha256 of the vendored file, as the provenance README lists it. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names of the patches applied to this copy (none for the vendored document). */
  public List<String> patches() {
    return patches;
  }

  /** The schema at a JSON Pointer into this document, compiled once. */
  public Schema schema(String pointer) {
    return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(iri + "#" + p)));
  }

  /** The errors of {@code instance} against the schema at {@code pointer}, one line each; empty when valid. */
  public List<String> errors(String pointer, JsonNode instance) {
    List<String> out = new ArrayList<>();
    for (Error e : schema(pointer).validate(instance)) {
      out.add(e.getInstanceLocation() + " " + e.getMessage());
    }
    return out;
  }

  /** Whether {@code instance} is valid against the schema at {@code pointer}. */
  public boolean valid(String pointer, JsonNode instance) {
    return schema(pointer).validate(instance).isEmpty();
  }

  /** Escapes one JSON Pointer segment ({@code application/json} becomes {@code application~1json}). */
  public static String segment(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  @Override
  public String toString() {
    return file + (patches.isEmpty() ? "" : " patched " + patches);
  }
}
