package io.memtrace.cli.options;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --models}, {@code --revision}, {@code --offline}, {@code --family}: the models a study
 * runs.
 */
public final class StudyModelsOptions {
  @Option(
      names = "--models",
      required = true,
      split = ",",
      paramLabel = "MODEL",
      description = "Model directories or hub ids OWNER/NAME (at --revision).")
  List<Path> models;

  @Option(names = "--revision", defaultValue = "main", description = "Hub revision of hub ids.")
  String revision;

  @Option(names = "--offline", description = "Hub ids from the cache only.")
  boolean offline;

  @Option(
      names = "--family",
      paramLabel = "NAME",
      description =
          "The suite the models belong to (sizes x steps of one training setup, e.g."
              + " pythia-deduped). Default: memtrace-PRESET for a memtrace suite, else the"
              + " architecture.")
  String family;

  /** The models as given: directories, or hub ids. */
  public List<Path> given() {
    return models;
  }

  /** The models, hub ids fetched into the cache first. */
  public List<ModelRef> resolve(Reporter reporter) throws IOException {
    List<ModelRef> refs = new ArrayList<>();
    for (Path given : models) {
      refs.add(ModelRef.resolve(given, revision, offline, reporter).inFamily(family));
    }
    return refs;
  }
}
