package io.memtrace.server;

import io.helidon.http.Status;

/** A request the server refuses, with the HTTP status and the message the client is shown. */
final class RequestException extends Exception {
  private final Status status;

  RequestException(Status status, String message) {
    super(message);
    this.status = status;
  }

  static RequestException bad(String message) {
    return new RequestException(Status.BAD_REQUEST_400, message);
  }

  Status status() {
    return status;
  }
}
