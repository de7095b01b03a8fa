package io.memtrace.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration carried into tasks (credentials and endpoints of S3 or HDFS
 * given as {@code spark.hadoop.*}), so executors open the same file systems the driver does.
 */
final class HadoopConf implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private transient Configuration value;

  HadoopConf(Configuration value) {
    this.value = value;
  }

  Configuration get() {
    return value;
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    value.write(out);
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException {
    value = new Configuration(false);
    value.readFields(in);
  }
}
