package io.memtrace.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fetches the files the engine needs of a model repository on the Hugging Face hub into the {@link
 * HubCache}, as huggingface_hub does: the revision resolves to a commit through {@code
 * /api/models/REPO/revision/REV}; each file's etag comes from a HEAD of {@code
 * /REPO/resolve/COMMIT/FILE} ({@code X-Linked-Etag} for LFS files, whose etag is the SHA-256 of the
 * content, else {@code ETag}, a git blob SHA-1); contents download to {@code
 * blobs/ETAG.incomplete}, resumed with an HTTP Range after an interruption, are verified against
 * the etag, renamed, and linked from the snapshot. Files already in the cache are not fetched
 * again; offline, only the cache is read.
 */
public final class HubDownload {
  private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SMALL_FILES =
      List.of("config.json", "tokenizer.json", "tokenizer_config.json");

  private final HubCache cache;
  private final String endpoint;
  private final String token;
  private final boolean offline;
  private final HttpClient http;

  public HubDownload(HubCache cache, String endpoint, String token, boolean offline) {
    this.cache = cache;
    this.endpoint = endpoint.replaceAll("/+$", "");
    this.token = token;
    this.offline = offline;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** Settings from HF_ENDPOINT, HF_TOKEN (or HF_HOME/token), HF_HUB_OFFLINE and the cache. */
  public static HubDownload fromEnvironment(Map<String, String> env, boolean offline)
      throws IOException {
    String endpoint = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
    String token = env.get("HF_TOKEN");
    if (token == null) {
      Path file = HubCache.home(env).resolve("token");
      if (Files.isReadable(file)) token = Files.readString(file).strip();
    }
    boolean off = offline || "1".equals(env.get("HF_HUB_OFFLINE"));
    return new HubDownload(HubCache.fromEnvironment(env), endpoint, token, off);
  }

  /** Whether {@code s} reads as a hub repository id ({@code owner/name}). */
  public static boolean isRepoId(String s) {
    return REPO_ID.matcher(s).matches();
  }

  /**
   * The snapshot directory holding the model's config, tokenizer and weights at {@code revision}.
   */
  public Path snapshot(String repoId, String revision, Progress progress) throws IOException {
    if (!isRepoId(repoId))
      throw new BadInputException("'" + repoId + "' is not a repo id OWNER/NAME");
    if (offline) return cached(repoId, revision);
    JsonNode info = getJson(api(repoId, revision), repoId + "@" + revision);
    String commit = info.path("sha").asText("");
    if (!COMMIT.matcher(commit).matches()) {
      throw new IOException(repoId + "@" + revision + ": the hub answered no commit");
    }
    Set<String> listed = new LinkedHashSet<>();
    for (JsonNode s : info.path("siblings")) listed.add(s.path("rfilename").asText());
    if (!revision.equals(commit)) {
      Path ref = cache.ref(repoId, revision);
      Files.createDirectories(ref.getParent());
      Files.writeString(ref, commit);
    }
    List<String> files = new ArrayList<>();
    for (String f : SMALL_FILES) if (listed.contains(f)) files.add(f);
    if (!listed.contains("config.json")) {
      throw new BadInputException(repoId + "@" + revision + " has no config.json");
    }
    Path snapshot = cache.snapshot(repoId, commit);
    if (listed.contains("model.safetensors")) {
      files.add("model.safetensors");
    } else if (listed.contains("model.safetensors.index.json")) {
      fetch(repoId, commit, "model.safetensors.index.json", progress);
      JsonNode index = JSON.readTree(snapshot.resolve("model.safetensors.index.json").toFile());
      Set<String> shards = new LinkedHashSet<>();
      index.path("weight_map").forEach(n -> shards.add(n.asText()));
      files.addAll(shards);
    } else {
      throw new BadInputException(
          repoId
              + "@"
              + revision
              + " has no safetensors weights (model.safetensors or"
              + " model.safetensors.index.json); memtrace reads no pickled checkpoints");
    }
    for (String f : files) fetch(repoId, commit, f, progress);
    return snapshot;
  }

  private Path cached(String repoId, String revision) throws IOException {
    String commit = revision;
    if (!COMMIT.matcher(revision).matches()) {
      Path ref = cache.ref(repoId, revision);
      if (!Files.exists(ref)) {
        throw new BadInputException(
            repoId
                + "@"
                + revision
                + " is not in the cache "
                + cache.root()
                + " (offline: HF_HUB_OFFLINE=1 or --offline)");
      }
      commit = Files.readString(ref).strip();
    }
    Path snapshot = cache.snapshot(repoId, commit);
    if (!Files.exists(snapshot.resolve("config.json"))) {
      throw new BadInputException(
          repoId + "@" + revision + ": snapshot " + snapshot + " is missing from the cache");
    }
    return snapshot;
  }

  /** Makes {@code snapshots/COMMIT/file} a link to its verified blob, downloading if needed. */
  private void fetch(String repoId, String commit, String file, Progress progress)
      throws IOException {
    Path link = cache.snapshot(repoId, commit).resolve(file);
    if (Files.exists(link)) return;
    String url = endpoint + "/" + repoId + "/resolve/" + commit + "/" + encodePath(file);
    HttpResponse<Void> head =
        send(
            request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding(),
            url);
    String etag =
        header(head, "X-Linked-Etag")
            .or(() -> header(head, "ETag"))
            .map(HubDownload::unquote)
            .orElseThrow(() -> new IOException(url + ": no ETag in the hub's answer"));
    String location =
        head.statusCode() / 100 == 3
            ? URI.create(url).resolve(header(head, "Location").orElseThrow()).toString()
            : url;
    Path blob = cache.blob(repoId, etag);
    if (!Files.exists(blob)) download(location, etag, blob, progress);
    Files.createDirectories(link.getParent());
    Path target = link.getParent().relativize(blob);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target);
  }

  private void download(String url, String etag, Path blob, Progress progress) throws IOException {
    Files.createDirectories(blob.getParent());
    Path part = blob.resolveSibling(blob.getFileName() + ".incomplete");
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder req = request(url).GET();
    if (have > 0) req.header("Range", "bytes=" + have + "-");
    HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream(), url);
    for (int hops = 0; r.statusCode() / 100 == 3 && hops < 5; hops++) {
      String next = URI.create(url).resolve(header(r, "Location").orElseThrow()).toString();
      r.body().close();
      req = request(next).GET();
      if (have > 0) req.header("Range", "bytes=" + have + "-");
      url = next;
      r = send(req, HttpResponse.BodyHandlers.ofInputStream(), url);
    }
    boolean append = have > 0 && r.statusCode() == 206;
    try (InputStream in = r.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        progress.advance(n);
      }
    }
    String actual = digest(part, etag.length() == 64);
    if (!actual.equals(etag)) {
      Files.delete(part);
      throw new IOException(
          url
              + ": downloaded content has checksum "
              + actual
              + ", expected "
              + etag
              + "; nothing was kept");
    }
    Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
  }

  /** SHA-256 of the content (LFS etags), or the git blob SHA-1 ("blob SIZE\0" + content). */
  static String digest(Path file, boolean sha256) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1");
      if (!sha256) md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode getJson(String url, String what) throws IOException {
    HttpResponse<String> r = send(request(url).GET(), HttpResponse.BodyHandlers.ofString(), url);
    if (r.statusCode() == 404 || r.statusCode() == 401) {
      throw new BadInputException(
          what
              + ": not found on "
              + endpoint
              + " (HTTP "
              + r.statusCode()
              + "; private repositories need HF_TOKEN)");
    }
    if (r.statusCode() != 200) throw new IOException(url + ": HTTP " + r.statusCode());
    return JSON.readTree(r.body());
  }

  private String api(String repoId, String revision) {
    return endpoint
        + "/api/models/"
        + repoId
        + "/revision/"
        + URLEncoder.encode(revision, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10));
    if (token != null && !token.isBlank()) b.header("Authorization", "Bearer " + token);
    return b.header("User-Agent", "memtrace");
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder req, HttpResponse.BodyHandler<T> body, String url) throws IOException {
    HttpResponse<T> r;
    try {
      r = http.send(req.build(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(url + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException(
          url + ": cannot reach " + URI.create(url).getAuthority() + " (" + cause(e) + ")", e);
    }
    int s = r.statusCode();
    if (s >= 400 && s != 404 && s != 401) throw new IOException(url + ": HTTP " + s);
    return r;
  }

  /** What went wrong below a failed request; the client leaves some messages null. */
  private static String cause(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) return m;
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  private static Optional<String> header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name);
  }

  private static String unquote(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    return e.replace("\"", "");
  }

  private static String encodePath(String file) {
    String[] parts = file.split("/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = URLEncoder.encode(parts[i], StandardCharsets.UTF_8).replace("+", "%20");
    }
    return String.join("/", parts);
  }
}
