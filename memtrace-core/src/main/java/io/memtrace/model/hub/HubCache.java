package io.memtrace.model.hub;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Hugging Face hub cache layout, shared with transformers and huggingface_hub:
 *
 * <pre>
 * CACHE/models--OWNER--NAME/blobs/ETAG            file contents, named by their etag
 * CACHE/models--OWNER--NAME/blobs/ETAG.incomplete a download in progress (resumed by Range)
 * CACHE/models--OWNER--NAME/refs/REVISION         the commit a branch or tag pointed to
 * CACHE/models--OWNER--NAME/snapshots/COMMIT/FILE symbolic link to ../../blobs/ETAG
 * </pre>
 *
 * CACHE is {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}.
 */
public record HubCache(Path root) {
  public static HubCache fromEnvironment(Map<String, String> env) {
    String hub = env.get("HF_HUB_CACHE");
    if (hub != null && !hub.isBlank()) return new HubCache(Path.of(hub));
    return new HubCache(home(env).resolve("hub"));
  }

  /** {@code $HF_HOME}, else {@code ~/.cache/huggingface}. */
  static Path home(Map<String, String> env) {
    String home = env.get("HF_HOME");
    if (home != null && !home.isBlank()) return Path.of(home);
    return Path.of(System.getProperty("user.home"), ".cache", "huggingface");
  }

  public Path repo(String repoId) {
    return root.resolve("models--" + repoId.replace("/", "--"));
  }

  public Path blob(String repoId, String etag) {
    return repo(repoId).resolve("blobs").resolve(etag);
  }

  public Path ref(String repoId, String revision) {
    return repo(repoId).resolve("refs").resolve(revision);
  }

  public Path snapshot(String repoId, String commit) {
    return repo(repoId).resolve("snapshots").resolve(commit);
  }
}
