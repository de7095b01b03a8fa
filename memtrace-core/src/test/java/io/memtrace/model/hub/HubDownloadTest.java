package io.memtrace.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memtrace.Progress;
import io.memtrace.model.LanguageModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a local server that answers as the Hugging Face hub does: the revision API, HEAD
 * of resolve URLs with X-Repo-Commit and ETag (git blob SHA-1) for small files, a redirect with
 * X-Linked-Etag (SHA-256) for LFS files, and Range requests on the redirect target.
 */
class HubDownloadTest {
  static final String REPO = "memtrace-test/pythia-tiny";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String OTHER = "fedcba9876543210fedcba9876543210fedcba98";
  static final Path FIXTURE = Path.of("src/test/resources/io/memtrace/model/pythia-tiny");

  @TempDir Path tmp;
  HttpServer server;
  final Map<String, byte[]> files = new HashMap<>();
  final Map<String, String> etags = new HashMap<>();
  final AtomicInteger blobGets = new AtomicInteger();
  volatile int truncateNextBlobAt = -1;
  volatile boolean corrupt;

  @BeforeEach
  void serve() throws Exception {
    for (String f : List.of("config.json", "tokenizer.json", "model.safetensors")) {
      byte[] b = Files.readAllBytes(FIXTURE.resolve(f));
      files.put(f, b);
      etags.put(f, f.endsWith(".safetensors") ? sha256(b) : gitSha1(b));
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    if (path.startsWith("/api/models/" + REPO + "/revision/")) {
      String rev = path.substring(path.lastIndexOf('/') + 1);
      String sha =
          rev.equals("main") || rev.equals(COMMIT) ? COMMIT : rev.equals("v1") ? OTHER : null;
      if (sha == null) {
        reply(x, 404, new byte[0]);
        return;
      }
      String json =
          "{\"id\":\""
              + REPO
              + "\",\"sha\":\""
              + sha
              + "\",\"siblings\":["
              + "{\"rfilename\":\".gitattributes\"},{\"rfilename\":\"config.json\"},"
              + "{\"rfilename\":\"model.safetensors\"},{\"rfilename\":\"tokenizer.json\"}]}";
      reply(x, 200, json.getBytes(StandardCharsets.UTF_8));
      return;
    }
    String prefix = "/" + REPO + "/resolve/";
    if (path.startsWith(prefix)) {
      String[] rest = path.substring(prefix.length()).split("/", 2);
      byte[] body = files.get(rest[1]);
      x.getResponseHeaders().add("X-Repo-Commit", rest[0]);
      if (body == null) {
        reply(x, 404, new byte[0]);
      } else if (rest[1].endsWith(".safetensors")) {
        x.getResponseHeaders().add("X-Linked-Etag", "\"" + etags.get(rest[1]) + "\"");
        x.getResponseHeaders().add("X-Linked-Size", Integer.toString(body.length));
        x.getResponseHeaders().add("Location", "/cdn/" + etags.get(rest[1]));
        x.getResponseHeaders().add("ETag", "\"" + gitSha1(new byte[1]) + "\"");
        x.sendResponseHeaders(302, -1);
        x.close();
      } else {
        x.getResponseHeaders().add("ETag", "\"" + etags.get(rest[1]) + "\"");
        reply(x, 200, x.getRequestMethod().equals("HEAD") ? null : body);
      }
      return;
    }
    if (path.startsWith("/cdn/")) {
      blobGets.incrementAndGet();
      byte[] body = files.get("model.safetensors").clone();
      if (corrupt) body[body.length / 2] ^= 1;
      int from = 0;
      String range = x.getRequestHeaders().getFirst("Range");
      if (range != null) from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      int to = body.length;
      if (truncateNextBlobAt >= 0) {
        to = truncateNextBlobAt;
        truncateNextBlobAt = -1;
      }
      byte[] part = java.util.Arrays.copyOfRange(body, from, to);
      if (from > 0) {
        x.getResponseHeaders()
            .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      }
      reply(x, from > 0 ? 206 : 200, part);
      return;
    }
    reply(x, 404, new byte[0]);
  }

  private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
    if (body == null || x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
    } else {
      x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(body);
      }
    }
    x.close();
  }

  HubDownload hub(boolean offline) {
    return new HubDownload(
        new HubCache(tmp.resolve("hub")),
        "http://127.0.0.1:" + server.getAddress().getPort(),
        null,
        offline);
  }

  @Test
  void anUnreachableHubIsNamedWithTheCause() throws Exception {
    int port;
    try (ServerSocket unbound = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = unbound.getLocalPort();
    }
    HubDownload nowhere =
        new HubDownload(new HubCache(tmp.resolve("hub")), "http://127.0.0.1:" + port, null, false);
    assertThatThrownBy(() -> nowhere.snapshot(REPO, "main", Progress.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("http://127.0.0.1:" + port + "/")
        .hasMessageContaining("cannot reach 127.0.0.1:" + port + " (")
        .hasMessageNotContaining("null");
  }

  @Test
  void downloadsIntoTheCacheLayoutAndReusesIt() throws Exception {
    Path snap = hub(false).snapshot(REPO, "main", Progress.NONE);
    Path repo = tmp.resolve("hub/models--memtrace-test--pythia-tiny");
    assertThat(snap).isEqualTo(repo.resolve("snapshots/" + COMMIT));
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(COMMIT);
    for (String f : files.keySet()) {
      assertThat(Files.isSymbolicLink(snap.resolve(f))).isTrue();
      assertThat(Files.readSymbolicLink(snap.resolve(f)).toString())
          .isEqualTo("../../blobs/" + etags.get(f));
      assertThat(Files.readAllBytes(snap.resolve(f))).isEqualTo(files.get(f));
    }
    try (LanguageModel lm = LanguageModel.load(snap, 1)) {
      assertThat(lm.vocabSize()).isEqualTo(260);
    }
    // Cached: no new blob transfer online, and offline works from refs/ and snapshots/.
    hub(false).snapshot(REPO, "main", Progress.NONE);
    assertThat(blobGets.get()).isEqualTo(1);
    server.stop(0);
    assertThat(hub(true).snapshot(REPO, "main", Progress.NONE)).isEqualTo(snap);
    assertThat(hub(true).snapshot(REPO, COMMIT, Progress.NONE)).isEqualTo(snap);
    assertThatThrownBy(() -> hub(true).snapshot(REPO, "v1", Progress.NONE))
        .hasMessageContaining("not in the cache");
  }

  @Test
  void resumesAnInterruptedTransfer() throws Exception {
    truncateNextBlobAt = files.get("model.safetensors").length / 3;
    assertThatThrownBy(() -> hub(false).snapshot(REPO, "main", Progress.NONE))
        .hasMessageContaining("checksum");
    // The failed check deleted the partial file; simulate a killed transfer instead: leave a
    // third of the blob as .incomplete and resume.
    Path blob =
        tmp.resolve(
            "hub/models--memtrace-test--pythia-tiny/blobs/" + etags.get("model.safetensors"));
    byte[] all = files.get("model.safetensors");
    Files.write(
        blob.resolveSibling(blob.getFileName() + ".incomplete"),
        java.util.Arrays.copyOf(all, all.length / 3));
    AtomicInteger bytes = new AtomicInteger();
    Path snap = hub(false).snapshot(REPO, "main", d -> bytes.addAndGet((int) d));
    assertThat(bytes.get()).isEqualTo(all.length - all.length / 3);
    assertThat(Files.readAllBytes(snap.resolve("model.safetensors"))).isEqualTo(all);
  }

  @Test
  void refusesCorruptContentAndUnknownRevisions() throws Exception {
    corrupt = true;
    assertThatThrownBy(() -> hub(false).snapshot(REPO, "main", Progress.NONE))
        .hasMessageContaining("expected " + etags.get("model.safetensors"));
    Path snap = tmp.resolve("hub/models--memtrace-test--pythia-tiny/snapshots/" + COMMIT);
    assertThat(snap.resolve("model.safetensors")).doesNotExist();
    assertThat(Files.list(snap.getParent().getParent().resolve("blobs")).map(Path::toString))
        .noneMatch(p -> p.endsWith(".incomplete") || p.endsWith(etags.get("model.safetensors")));
    corrupt = false;
    assertThatThrownBy(() -> hub(false).snapshot(REPO, "nope", Progress.NONE))
        .hasMessageContaining("not found");
    assertThat(hub(false).snapshot(REPO, "v1", Progress.NONE).getFileName().toString())
        .isEqualTo(OTHER);
  }

  static String sha256(byte[] b) {
    try {
      return sha256Checked(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Checked(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  static String gitSha1(byte[] b) {
    try {
      return gitSha1Checked(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String gitSha1Checked(byte[] b) throws Exception {
    var md = java.security.MessageDigest.getInstance("SHA-1");
    md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(md.digest(b));
  }
}
