package dev.ciofake.internal.app.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.MultiPartFormInputStream;

/**
 * Assets: files uploaded with {@code multipart/form-data} (part {@code file}, optional {@code name} and
 * {@code parent_folder_id}; bmp, jpeg, png and gif images up to 2 MB, and PDFs, as the client documents) and their
 * folders. The fake keeps a file's name, type and size, not its bytes; its {@code path} names the asset on the
 * reserved domain {@code cio-fake.test}.
 */
public final class AssetsApi {
  /** The largest image accepted (documented: 2 MB). */
  static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;
  private static final Map<String, String> TYPES = Map.of("bmp", "image/bmp", "jpg", "image/jpeg", "jpeg",
      "image/jpeg", "png", "image/png", "gif", "image/gif", "pdf", "application/pdf");
  private static final String BASE = "/v1/assets";
  private static final Crud FILES = new Crud(Kinds.ASSETS, "asset", "assets", "asset_id", "asset", false)
      .view(AssetsApi::withParent);
  private static final Crud FOLDERS = new Crud(Kinds.ASSET_FOLDERS, "folder", "folders", "folder_id", "folder",
      false).view(AssetsApi::withParent);

  private AssetsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_assets").get(BASE).handle(ex -> FILES.list(ex, true)));
    e.add(Endpoint.builder(Api.APP, "create_asset").post(BASE + "/files").maxBodyBytes(4 * 1024 * 1024)
        .handle(AssetsApi::upload));
    e.add(Endpoint.builder(Api.APP, "get_asset").get(BASE + "/files/{asset_id}")
        .handle(ex -> AppJson.ok("asset", FILES.show(FILES.find(ex)))));
    e.add(Endpoint.builder(Api.APP, "update_asset").put(BASE + "/files/{asset_id}")
        .body(dev.ciofake.internal.validation.BodyPolicy.OBJECT).schema("schemas/app/asset-update.json")
        .handle(ex -> AppJson.ok("asset", FILES.show(FILES.update(ex, "id", "created", "updated", "path", "size")))));
    e.add(Endpoint.builder(Api.APP, "delete_asset").delete(BASE + "/files/{asset_id}").handle(FILES::delete));
    e.addAll(FOLDERS.endpoints("asset_folder", BASE + "/folders", "schemas/app/asset-folder.json",
        "schemas/app/asset-update.json", (id, b) -> DesignStudioApi.fields(b, "name", "parent_folder_id"), true));
    return e;
  }

  private static ObjectNode withParent(ObjectNode d) {
    if (!d.has("parent_folder_id")) {
      d.putNull("parent_folder_id");
    }
    return d;
  }

  /** One uploaded file: its name, content type and bytes. */
  private record Upload(String filename, String contentType, byte[] bytes, String name, String parent) {}

  private static ApiResponse upload(Exchange ex) {
    Upload u = parse(ex);
    String extension = u.filename().contains(".")
        ? u.filename().substring(u.filename().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    String type = u.contentType() != null && TYPES.containsValue(u.contentType()) ? u.contentType()
        : TYPES.get(extension);
    if (type == null) {
      throw new StateRejection("file", "file " + u.filename() + " is not an accepted asset: upload a bmp, jpeg, png "
          + "or gif image, or a PDF");
    }
    if (type.startsWith("image/") && u.bytes().length > MAX_IMAGE_BYTES) {
      throw new StateRejection("file", "file " + u.filename() + " is " + u.bytes().length + " bytes; images are "
          + "accepted up to 2 MB");
    }
    ObjectNode stored = FILES.create(ex, (id, b) -> {
      ObjectNode d = Json.object();
      d.put("name", u.name() != null && !u.name().isBlank() ? u.name() : u.filename());
      Long parent = u.parent() == null ? null : AppJson.positive(u.parent().trim());
      if (parent != null) {
        d.put("parent_folder_id", parent);
      } else {
        d.putNull("parent_folder_id");
      }
      d.put("path", "https://assets.cio-fake.test/" + ex.workspace().siteId() + "/" + id + "/" + u.filename());
      d.put("size", u.bytes().length);
      d.put("content_type", type);
      return d;
    });
    return AppJson.ok("asset", FILES.show(stored));
  }

  /** Reads the multipart body with Jetty's parser; anything else is a 400 that says what is expected. */
  private static Upload parse(Exchange ex) {
    String contentType = ex.request().header("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new StateRejection("Content-Type", "upload the file as multipart/form-data with a part named file, "
          + "got Content-Type " + contentType);
    }
    File tmp = new File(System.getProperty("java.io.tmpdir"));
    MultipartConfigElement config = new MultipartConfigElement(tmp.getPath(), 4L * 1024 * 1024,
        4L * 1024 * 1024, Integer.MAX_VALUE);
    MultiPartFormInputStream parts = new MultiPartFormInputStream(new ByteArrayInputStream(ex.request().body()),
        contentType, config, tmp);
    try {
      Part file = parts.getPart("file");
      if (file == null || file.getSubmittedFileName() == null) {
        throw new StateRejection("file", "the part named file (the file itself, with its filename) is required");
      }
      byte[] bytes;
      try (InputStream in = file.getInputStream()) {
        bytes = in.readAllBytes();
      }
      return new Upload(file.getSubmittedFileName(), file.getContentType(), bytes, text(parts.getPart("name")),
          text(parts.getPart("parent_folder_id")));
    } catch (IOException | IllegalStateException e) {
      throw new StateRejection("body", "the body is not valid multipart/form-data: " + e.getMessage());
    } finally {
      parts.deleteParts();
    }
  }

  private static String text(Part p) throws IOException {
    if (p == null) {
      return null;
    }
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
