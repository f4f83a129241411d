package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.predlog.sample.json.Json;
import io.predlog.sample.json.JsonException;
import io.predlog.sample.model.InvalidInputException;
import io.predlog.sample.model.ModelFormatException;
import io.predlog.sample.model.UnknownModelException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where every API request enters: checks method and path, reads the body, lets the
 * endpoint answer, maps failures to status codes with a JSON error body, and writes an access-log
 * line with the inbound {@code X-Request-ID}, if any. Endpoints extend this and implement
 * {@link #respond}.
 */
public abstract class JsonHandler implements HttpHandler {
    /** The inbound request id header; echoed back when present. */
    public static final String REQUEST_ID_HEADER = "X-Request-ID";

    private static final Logger ACCESS_LOG = Logger.getLogger("io.predlog.sample.access");
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final int MAX_ECHOED_ID_LENGTH = 128;

    private final String method;
    private final String path;

    /** An endpoint answering exactly {@code method path}. */
    protected JsonHandler(String method, String path) {
        this.method = method;
        this.path = path;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String requestId = exchange.getRequestHeaders().getFirst(REQUEST_ID_HEADER);
        JsonResponse response;
        try {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                throw new ApiException(404, "not_found", "no such path: " + exchange.getRequestURI().getPath());
            }
            if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
                exchange.getResponseHeaders().set("Allow", method);
                throw new ApiException(405, "method_not_allowed", "use " + method + " " + path);
            }
            response = respond(exchange);
        } catch (ApiException e) {
            response = JsonResponse.error(e.status(), e.code(), e.getMessage());
        } catch (JsonException e) {
            response = JsonResponse.error(400, "malformed_json", e.getMessage());
        } catch (UnknownModelException e) {
            response = JsonResponse.error(404, "unknown_model", e.getMessage());
        } catch (InvalidInputException e) {
            response = JsonResponse.error(422, "invalid_input", e.getMessage());
        } catch (ModelFormatException e) {
            response = JsonResponse.error(500, "model_format", e.getMessage());
        } catch (TimeoutException e) {
            response = JsonResponse.error(503, "timeout", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = JsonResponse.error(503, "interrupted", "the service is shutting down");
        } catch (IOException e) {
            exchange.close();
            throw e;
        } catch (RuntimeException e) {
            ACCESS_LOG.log(Level.WARNING, "unexpected failure handling " + exchange.getRequestURI(), e);
            response = JsonResponse.error(500, "internal_error", e.getClass().getSimpleName());
        }
        send(exchange, response, requestId);
        if (ACCESS_LOG.isLoggable(Level.INFO)) {
            ACCESS_LOG.info(String.format("%s %s -> %d in %.2f ms request_id=%s", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), response.status(), (System.nanoTime() - start) / 1e6,
                    requestId == null ? "-" : requestId));
        }
    }

    /**
     * Answers a request whose method and path have been checked.
     *
     * @throws IOException if the exchange fails; other exceptions are among the failures that {@link #handle} maps to a status code
     */
    protected abstract JsonResponse respond(HttpExchange exchange)
            throws IOException, TimeoutException, InterruptedException;

    /** Reads and parses the request body, which must be a JSON object. */
    protected static Map<String, Object> readObject(HttpExchange exchange) throws IOException {
        Object parsed = Json.parse(readBody(exchange));
        if (!(parsed instanceof Map)) {
            throw new ApiException(400, "bad_request", "the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    /** A required string member of a request object. */
    protected static String requiredString(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new ApiException(400, "bad_request", "'" + key + "' must be a non-empty string");
        }
        return (String) value;
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (InputStream in = exchange.getRequestBody()) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buffer.size() + n > MAX_BODY_BYTES) {
                    throw new ApiException(413, "too_large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
                }
                buffer.write(chunk, 0, n);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, JsonResponse response, String requestId) throws IOException {
        byte[] bytes = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (requestId != null && requestId.length() <= MAX_ECHOED_ID_LENGTH && isPrintableAscii(requestId)) {
            exchange.getResponseHeaders().set(REQUEST_ID_HEADER, requestId);
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
