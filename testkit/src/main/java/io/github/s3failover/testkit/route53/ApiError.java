package io.github.s3failover.testkit.route53;

import java.util.UUID;

/** An error answered in Route 53's ErrorResponse shape, with its HTTP status and code. */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiError invalidInput(String message) {
    return new ApiError(400, "InvalidInput", message);
  }

  static ApiError invalidChangeBatch(String message) {
    return new ApiError(400, "InvalidChangeBatch", message);
  }

  String body() {
    return Xml.document(
        "ErrorResponse",
        "<Error><Type>Sender</Type>"
            + Xml.el("Code", code)
            + Xml.el("Message", getMessage())
            + "</Error>"
            + Xml.el("RequestId", UUID.randomUUID()));
  }
}
