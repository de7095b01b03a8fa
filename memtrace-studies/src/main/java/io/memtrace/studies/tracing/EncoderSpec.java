package io.memtrace.studies.tracing;

import io.memtrace.BadInputException;
import io.memtrace.tracing.SentenceEncoder;
import java.nio.file.Path;

/**
 * The sentence encoder of study B's pair filter: the bundled e5-small-v2, or an ONNX model with
 * mean pooling.
 *
 * @param prefix text put before every n-gram (e.g. {@code "query: "})
 */
public record EncoderSpec(Path model, Path tokenizer, String prefix) {
  /** The bundled e5-small-v2. */
  public static final EncoderSpec E5_SMALL_V2 = new EncoderSpec(null, null, "");

  /** The name stored with a task's settings. */
  String describe() {
    return model == null
        ? "e5-small-v2"
        : model.toAbsolutePath().normalize() + " prefix='" + prefix + "'";
  }

  SentenceEncoder open() throws BadInputException {
    return model == null
        ? SentenceEncoder.e5SmallV2()
        : SentenceEncoder.onnx(model, tokenizer, prefix);
  }
}
