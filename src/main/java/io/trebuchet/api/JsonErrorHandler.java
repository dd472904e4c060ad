package io.trebuchet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach a route (a malformed request line, URI or header, headers or a
 * URI too large, an HTTP version it does not speak) in the one error shape, instead of Jetty's HTML page or an empty
 * body: a client parsing {@code code} gets one whatever went wrong, and the status is the code's.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /**
     * Every method but HEAD (whose answer has no body) gets the error shape. Jetty's default writes a body for GET and
     * POST only, so a PUT or DELETE refused for its headers was answered with an empty 431.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return !HttpMethod.HEAD.is(method);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        TrebuchetException error = error(status, message);
        if (status == 426) {
            // Jetty's answer to HTTP/2 without TLS ("prior knowledge"): the version is what is not supported.
            response.setStatus(error.code().httpStatus());
        }
        response.getHeaders().put(JSON);
        response.write(true, body(error), callback);
    }

    private static ByteBuffer body(TrebuchetException error) {
        try {
            return ByteBuffer.wrap(Json.mapper().writeValueAsBytes(ErrorResponse.of(error)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error for a status Jetty chose. */
    static TrebuchetException error(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        return switch (status) {
            case 414 ->
                new TrebuchetException(
                        ErrorCode.URI_TOO_LONG,
                        "the request's URL is too long to be read; send large input in the body instead");
            case 417 ->
                new TrebuchetException(
                        ErrorCode.EXPECTATION_FAILED,
                        "the request's Expect header cannot be met; only Expect: 100-continue is understood");
            case 426 ->
                new TrebuchetException(
                        ErrorCode.HTTP_VERSION_NOT_SUPPORTED, "HTTP/2 without TLS is not supported; send HTTP/1.1");
            case 505 ->
                new TrebuchetException(
                        ErrorCode.HTTP_VERSION_NOT_SUPPORTED,
                        "the request's HTTP version is not supported" + detail + "; send HTTP/1.1");
            case 431 ->
                new TrebuchetException(
                        ErrorCode.HEADERS_TOO_LARGE,
                        "the request's headers are too large" + detail
                                + "; the request line and headers may take at most %d KiB together"
                                        .formatted(ApiServer.MAX_HEADER_BYTES / 1024));
            default ->
                ApiServer.forStatus(
                        status,
                        "the request is malformed and was not read" + detail
                                + "; check its URL (percent-encoding) and headers");
        };
    }
}
