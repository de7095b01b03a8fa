package io.memtrace.model;

/**
 * A request the model cannot answer, said in one line that names the model: the request is longer
 * than the positions the model was trained for, or its weights give non-finite logits (a damaged or
 * diverged checkpoint). Unchecked, as it comes from the middle of a forward pass; the command line
 * prints the message without a stack trace.
 */
public final class ModelRequestException extends RuntimeException {
  public ModelRequestException(String message) {
    super(message);
  }
}
