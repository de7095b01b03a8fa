package io.memtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.BadInputException;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.tokens.Tokenizer;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Greedy decoding with the KV cache: the most likely token at each step, until --max-new"
          + " tokens or an end-of-text token (config.json's eos_token_id).",
      "Example: memtrace generate --model pythia-160m --prompt \"The capital of France is\""
          + " --max-new 16"
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOptions options;

  static final class Prompt {
    @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text.")
    String text;

    @Option(
        names = "--tokens",
        split = ",",
        paramLabel = "ID",
        description = "Prompt token ids, comma-separated.")
    int[] tokens;
  }

  @ArgGroup(multiplicity = "1")
  Prompt prompt;

  @Option(
      names = "--max-new",
      converter = Counts.Positive.class,
      required = true,
      paramLabel = "N",
      description = "Tokens to generate at most.")
  int maxNew;

  @Option(
      names = "--min-length",
      converter = Counts.NonNegative.class,
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Suppress end-of-text while prompt plus generated tokens are fewer than N (as"
              + " transformers' min_length).")
  int minLength;

  @Option(names = "--json", description = "Print tokens, text, log-probabilities and entropies.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (maxNew < 0) throw new BadInputException("--max-new must not be negative, got " + maxNew);
    try (LanguageModel model = options.open();
        Tokenizer tokenizer = options.tokenizerIfPresent()) {
      int[] ids = prompt.tokens;
      if (ids == null) {
        if (tokenizer == null) {
          throw new BadInputException(
              options.model + " has no tokenizer.json; give the prompt as --tokens");
        }
        ids = tokenizer.encode(prompt.text);
      }
      if (ids.length == 0) throw new BadInputException("the prompt is empty");
      for (int id : ids) {
        if (id < 0 || id >= model.vocabSize()) {
          throw new BadInputException(
              "prompt token " + id + " is outside the vocabulary 0.." + (model.vocabSize() - 1));
        }
      }
      List<Integer> eos = model.config().eosTokenIds();
      Generation g =
          model
              .greedy(
                  model.newCache(1),
                  new int[][] {ids},
                  GreedyOptions.uniform(1, maxNew, minLength, eos))[0];
      print(spec.commandLine().getOut(), ids, g, tokenizer);
    }
    return 0;
  }

  private void print(PrintWriter out, int[] promptIds, Generation g, Tokenizer tokenizer)
      throws Exception {
    String text = tokenizer == null ? null : tokenizer.decode(g.tokens());
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("prompt_tokens", promptIds);
      o.put("tokens", g.tokens());
      if (text != null) o.put("text", text);
      o.put("logprob", g.logprob());
      o.put("entropy", g.entropy());
      out.println(new ObjectMapper().writeValueAsString(o));
    } else {
      out.println(text != null ? text : Arrays.toString(g.tokens()));
    }
  }
}
