package io.memtrace.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code memtrace spark}: the Spark jobs, in local mode unless a master is given. */
@Command(
    name = "memtrace spark",
    mixinStandardHelpOptions = true,
    versionProvider = SparkCommand.Version.class,
    description = {
      "memtrace's engines in Apache Spark tasks: corpus ingest, index build, memorization scores"
          + " and study B's pair counts. Run here in local mode, or with spark-submit --class"
          + " io.memtrace.spark.SparkMain on a cluster.",
      ""
    },
    subcommands = {
      SparkIngestCommand.class,
      SparkIndexCommand.class,
      SparkMemorizeCommand.class,
      SparkCountCommand.class,
      SparkBenchIndexCommand.class,
      SparkBenchMemorizeCommand.class
    })
final class SparkCommand {
  private static SparkSession session;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  /** memtrace's version and the Spark it runs on. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "memtrace " + io.memtrace.studies.Version.get(),
        "Apache Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "Java " + Runtime.version()
      };
    }
  }

  /** {@code --master}, shared by the job commands. */
  static final class MasterOption {
    @Option(
        names = "--master",
        paramLabel = "URL",
        description =
            "Spark master (local[N], spark://HOST:PORT, yarn, k8s://...); default: spark-submit's,"
                + " else local[*].")
    String master;

    SparkSession session(String job) {
      return SparkCommand.session(master, "memtrace " + job);
    }
  }

  /**
   * The session of this process: {@code master} if given, else the one spark-submit set, else local
   * mode on every core (without the web UI).
   */
  static synchronized SparkSession session(String master, String app) {
    if (session != null) return session;
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(app);
    if (master != null) builder.master(master);
    else if (!conf.contains("spark.master")) builder.master("local[*]");
    String effective = master != null ? master : conf.get("spark.master", "local[*]");
    if (effective.startsWith("local")) builder.config("spark.ui.enabled", "false");
    session = builder.getOrCreate();
    return session;
  }

  static synchronized void stopSession() {
    if (session != null) session.stop();
    session = null;
  }
}
