package io.predlog.sink.otlp;

import io.predlog.agent.config.ConfigKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Posts request bodies to the OTLP/HTTP logs endpoint with the JDK's {@link HttpClient} and says what became of each
 * ({@link Outcome}): 2xx accepted (its partial success read), 429/502/503/504 and no answer retried (with the
 * response's {@code Retry-After}), any other status refused. Never throws; {@link #post} is called from the sink's
 * sender thread only.
 */
final class OtlpHttp {

    private final String endpoint;
    private final OtlpSettings settings;
    private HttpClient client; // made at the first request: building one takes a few hundred ms
    private final String contentType;
    private final boolean gzip;
    private final boolean json;
    private HttpRequest.Builder template; // made when first needed: the JDK's HTTP classes take tens of ms to load

    /**
     * @throws IllegalArgumentException naming {@code predlog.otlp.headers}, for a header the JDK's client does not
     *                                  let a caller set ({@code Host}, {@code Content-Length}, …)
     */
    OtlpHttp(OtlpSettings settings, String contentType) {
        this.endpoint = settings.endpoint().toString();
        this.gzip = settings.gzip();
        this.json = settings.protocol() == OtlpSettings.Protocol.HTTP_JSON;
        this.settings = settings;
        this.contentType = contentType;
        if (!settings.headers().isEmpty()) {
            template(); // a header the client refuses is a configuration error, found at start-up
        }
    }

    /** Posts one request body and waits for its answer (at most the configured time-out). */
    Outcome post(byte[] body) {
        try {
            HttpRequest request = template().copy()
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body))
                    .build();
            HttpResponse<byte[]> response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return PartialSuccess.read(response.body(), json);
            }
            if (status == 429 || status == 502 || status == 503 || status == 504) {
                return new Outcome.Retry("HTTP " + status,
                        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
            }
            return new Outcome.Refused("rejected: HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry("interrupted", null);
        } catch (IOException | RuntimeException e) {
            return new Outcome.Retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), null);
        }
    }

    /** Every request's URL, time-out and headers; the body is each request's own. */
    private HttpRequest.Builder template() {
        if (template == null) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(settings.endpoint())
                    .timeout(settings.timeout())
                    .header("Content-Type", contentType);
            if (gzip) {
                builder.header("Content-Encoding", "gzip");
            }
            for (Map.Entry<String, String> h : settings.headers().entrySet()) {
                try {
                    builder.header(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(ConfigKeys.OTLP_HEADERS.name() + ": the header "
                            + h.getKey() + " cannot be set (" + e.getMessage() + ")", e);
                }
            }
            template = builder;
        }
        return template;
    }

    /**
     * The client, made at the first request (on the sender thread, not during the agent's start-up, which the
     * application waits for).
     */
    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(settings.timeout())
                    // plain http: HTTP/1.1 straight away, without an h2c upgrade attempt on every connection
                    .version(settings.endpoint().getScheme().equalsIgnoreCase("https")
                            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    /** The endpoint's address, for messages. */
    String endpoint() {
        return endpoint;
    }
}
