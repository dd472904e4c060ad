package io.trebuchet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach a route (a malformed URI or header, headers too large) in the
 * one error shape, instead of Jetty's HTML page: a client parsing {@code code} gets one whatever went wrong.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, body(status, message), callback);
    }

    private static ByteBuffer body(int status, String reason) {
        TrebuchetException error = error(status, reason);
        try {
            return ByteBuffer.wrap(Json.mapper().writeValueAsBytes(ErrorResponse.of(error)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error for a status Jetty chose; the status itself is kept, as Jetty already set it. */
    private static TrebuchetException error(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        String message = status == 431
                ? "the request's headers are too large" + detail
                : "the request is malformed and was not read" + detail
                        + "; check its URL (percent-encoding) and headers";
        return ApiServer.forStatus(status, message);
    }
}
