package io.memtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.config.ModelConfig;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.DType;
import io.memtrace.model.safetensors.TensorInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Describe a model: architecture, sizes, parameters and their storage types; loads every"
          + " weight the architecture needs, so a broken checkpoint fails here.",
      "Example: memtrace model info --model pythia-160m"
    })
final class ModelInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOptions options;

  @Option(names = "--json", description = "Print the description as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (LanguageModel model = options.open()) {
      Map<String, Object> info = describe(model);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
      } else {
        info.forEach((k, v) -> out.printf("%-20s %s%n", k, v));
      }
    }
    return 0;
  }

  static Map<String, Object> describe(LanguageModel model) {
    ModelConfig c = model.config();
    Checkpoint ckpt = model.checkpoint();
    long parameters = 0;
    Map<DType, Long> byType = new TreeMap<>();
    for (String name : ckpt.names()) {
      TensorInfo t = ckpt.find(name).info();
      parameters += t.elements();
      byType.merge(t.dtype(), t.elements(), Long::sum);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("directory", model.dir().toString());
    info.put("architecture", c.architecture());
    info.put("layers", c.layers());
    info.put("hidden_size", c.hiddenSize());
    info.put("heads", c.heads());
    info.put("kv_heads", c.kvHeads());
    info.put("head_dim", c.headDim());
    info.put("intermediate_size", c.intermediateSize());
    info.put("vocab_size", c.vocabSize());
    info.put("max_positions", c.maxPositions());
    info.put("tied_embeddings", c.tiedEmbeddings());
    info.put("eos_token_ids", c.eosTokenIds());
    info.put("parameters", parameters);
    info.put("storage", byType.toString());
    info.put("weight_bytes", ckpt.byteSize());
    info.put("kernels", model.kernels());
    info.put("threads", model.threads());
    return info;
  }
}
