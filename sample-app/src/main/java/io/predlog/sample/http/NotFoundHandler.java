package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;

/**
 * Answers every path that no endpoint owns with a JSON 404: its own path is empty, which no request
 * path equals, so {@link JsonHandler#handle} answers 404 before {@link #respond} is reached.
 */
final class NotFoundHandler extends JsonHandler {
    NotFoundHandler() {
        super("GET", "");
    }

    @Override
    protected JsonResponse respond(HttpExchange exchange) {
        throw new ApiException(404, "not_found", "no such path");
    }
}
