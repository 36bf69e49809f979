package dev.ciofake.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A baseline: the findings a team accepts for now, so that the audit fails only on new ones. Each entry is the
 * finding's id, file and fingerprint (a hash of the id, the file and the finding's line text with whitespace
 * collapsed, or of a masked description for credentials), so an entry survives lines moving above it. Written by
 * {@code --write-baseline FILE}, read by {@code --baseline FILE}.
 */
final class Baseline {
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Integer> remaining;

  private Baseline(Map<String, Integer> remaining) {
    this.remaining = remaining;
  }

  /** Reads a baseline; the message of the exception says what is wrong with the file. */
  static Baseline read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException("cannot read baseline " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("findings").isArray() || root.path("format").asInt(-1) != FORMAT) {
      throw new IOException("baseline " + file + " is not a cio-fake audit baseline (format " + FORMAT
          + ", a findings array)");
    }
    Map<String, Integer> m = new HashMap<>();
    for (JsonNode f : root.get("findings")) {
      m.merge(key(f.path("id").asText(), f.path("file").asText(), f.path("fingerprint").asText()), 1, Integer::sum);
    }
    return new Baseline(m);
  }

  /** True (and consumed) when the baseline holds this finding. */
  boolean absorbs(Finding f, String fingerprint) {
    String k = key(f.id(), f.file(), fingerprint);
    Integer n = remaining.get(k);
    if (n == null || n == 0) {
      return false;
    }
    remaining.put(k, n - 1);
    return true;
  }

  static void write(Path file, List<Finding> findings, Map<Finding, String> fingerprints) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("tool", "cio-fake audit");
    root.put("format", FORMAT);
    ArrayNode a = root.putArray("findings");
    for (Finding f : findings) {
      a.addObject().put("id", f.id()).put("file", f.file()).put("line", f.line())
          .put("fingerprint", fingerprints.get(f));
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
  }

  static String fingerprint(Finding f, String anchor) {
    String basis = f.id() + "\u0000" + f.file() + "\u0000" + anchor.strip().replaceAll("\\s+", " ");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(basis.getBytes(StandardCharsets.UTF_8))).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String key(String id, String file, String fingerprint) {
    return id + "\u0000" + file + "\u0000" + fingerprint;
  }
}
