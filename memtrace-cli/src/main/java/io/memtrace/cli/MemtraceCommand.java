package io.memtrace.cli;

import io.memtrace.cli.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "memtrace",
    mixinStandardHelpOptions = true,
    versionProvider = MemtraceCommand.Version.class,
    description = {
      "Measures what causal language models memorized from their training data and traces their"
          + " abilities back to n-gram statistics of the pretraining corpus.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      CorpusCommand.class,
      TokenizerCommand.class,
      IndexCommand.class,
      ModelCommand.class,
      ScoreCommand.class,
      GenerateCommand.class,
      SuiteCommand.class,
      MemorizeCommand.class,
      AnalyzeCommand.class,
      PredictCommand.class,
      TraceCommand.class,
      ResultsCommand.class,
      ServeCommand.class,
      BenchCommand.class
    })
final class MemtraceCommand {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  /** The version Maven stamped into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "memtrace " + io.memtrace.studies.Version.get(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
