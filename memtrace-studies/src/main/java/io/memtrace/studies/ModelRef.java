package io.memtrace.studies;

import io.memtrace.model.hub.HubDownload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as the studies know it: the name it has in the results database and its Hugging Face
 * directory.
 *
 * @param name {@code parent/stepN} for a checkpoint directory named {@code stepN}, the directory's
 *     name otherwise, {@code OWNER/NAME@REVISION} for a hub model
 * @param dir the model directory (config.json, safetensors, tokenizer.json)
 * @param family the suite the model belongs to (models of one family differ in size and training
 *     step only, e.g. pythia-deduped); null to let the registry find it ({@link
 *     io.memtrace.studies.results.ModelRegistry})
 */
public record ModelRef(String name, Path dir, String family) {
  /** A local model directory, named after it. */
  public static ModelRef of(Path dir) {
    return new ModelRef(name(dir), dir, null);
  }

  /** This model as a member of {@code family} (null: found by the registry). */
  public ModelRef inFamily(String family) {
    return new ModelRef(name, dir, family);
  }

  /**
   * A local directory as is; an {@code OWNER/NAME} that is not one, fetched at {@code revision}
   * through the Hugging Face cache (only the cache when {@code offline}).
   */
  public static ModelRef resolve(Path given, String revision, boolean offline, Reporter reporter)
      throws IOException {
    String id = given.toString();
    if (Files.isDirectory(given) || !HubDownload.isRepoId(id)) return of(given);
    HubDownload hub = HubDownload.fromEnvironment(System.getenv(), offline);
    try (var bar = reporter.progress("download " + id, -1, "MB", 1 << 20)) {
      return new ModelRef(id + "@" + revision, hub.snapshot(id, revision, bar::advance), null);
    }
  }

  private static String name(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    String last = d.getFileName().toString();
    if (last.matches("step\\d+") && d.getParent() != null) {
      return d.getParent().getFileName() + "/" + last;
    }
    return last;
  }
}
