package io.bulwark.sample.api;

/** An error answered to the client as {@code {"error": ..., "detail": ...}} with the given status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }
}
