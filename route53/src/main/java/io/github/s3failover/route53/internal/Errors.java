package io.github.s3failover.route53.internal;

import io.github.s3failover.route53.ProvisioningException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.route53.model.ThrottlingException;

/**
 * Turns Route 53's errors into messages a user can act on. Throttling and PriorRequestNotComplete
 * are retried by the client first (see {@code Route53Clients}); they reach here only once the
 * retries are spent.
 */
public final class Errors {

  private Errors() {}

  /**
   * Runs a Route 53 call, translating its failure.
   *
   * @param doing what the call does, e.g. "changing the record sets"
   * @param call the call
   * @param <T> its result
   * @return the result
   * @throws ProvisioningException on a Route 53 error
   */
  public static <T> T call(String doing, Supplier<T> call) {
    try {
      return call.get();
    } catch (Route53Exception e) {
      throw translate(doing, e);
    } catch (SdkClientException e) {
      // No answer at all (refused, timed out, no credentials): say so, with the SDK's reason.
      throw new ProvisioningException(
          doing + " failed: Route 53 could not be reached or signed for: " + e.getMessage(), e);
    }
  }

  /**
   * The message for a Route 53 error.
   *
   * @param doing what was being done
   * @param e the error
   * @return an exception whose message says what to do
   */
  public static ProvisioningException translate(String doing, Route53Exception e) {
    String hint;
    if (e instanceof ThrottlingException || "Throttling".equals(code(e))) {
      hint =
          "Route 53 throttled the request even after retries (its API allows about 5 requests"
              + " per second per account, shared with every other tool): wait and run again";
    } else if (e instanceof PriorRequestNotCompleteException) {
      hint =
          "Route 53 is still applying an earlier change to this zone or health check: wait a"
              + " minute and run again";
    } else if (e instanceof InvalidChangeBatchException batch) {
      String messages =
          batch.messages() == null || batch.messages().isEmpty()
              ? detail(e)
              : String.join("; ", batch.messages());
      hint =
          "Route 53 refused the change batch: "
              + messages
              + ". Usually a record at the name that is not ours (a plain CNAME or another type),"
              + " or a change made by someone else since the plan: run plan again and resolve it";
    } else if (e instanceof NoSuchHostedZoneException) {
      hint =
          "the hosted zone does not exist, or these credentials cannot see it: check hostedZone"
              + " in the spec and the AWS account";
    } else {
      hint = "Route 53 answered " + e.statusCode() + " " + code(e);
    }
    return new ProvisioningException(doing + " failed: " + hint + " (" + detail(e) + ")", e);
  }

  /**
   * Route 53's error code and message, with the request id.
   *
   * @param e the error
   * @return e.g. {@code Throttling: Rate exceeded, request id 1234}
   */
  public static String detail(AwsServiceException e) {
    String message =
        e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
    return code(e)
        + ": "
        + message
        + (e.requestId() == null ? "" : ", request id " + e.requestId());
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "unknown";
  }
}
