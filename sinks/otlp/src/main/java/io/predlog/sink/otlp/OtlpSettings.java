package io.predlog.sink.otlp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code otlp} sink's configuration, read from the {@code predlog.otlp.*} keys (docs/SINKS.md, "The otlp sink"),
 * each checked: a bad value throws an {@link IllegalArgumentException} that names its key. Immutable.
 *
 * @param endpoint         where requests go: the full URL of the logs endpoint
 * @param protocol         the encoding of the requests
 * @param headers          extra request headers (authentication), in order
 * @param gzip             whether bodies are sent gzip-compressed
 * @param timeout          how long one request may take, connecting included
 * @param batchEvents      the most events in one request
 * @param linger           how long an event may wait for others to fill its request
 * @param queueEvents      events held in memory before the spool takes them
 * @param retryInitial     the first wait after a failed request; it doubles with each failure in a row
 * @param retryMax         the longest such wait
 * @param spoolDir         the spool's directory, or null for the default ({@code <predlog.file.dir>/spool/otlp})
 * @param spoolMaxMb       the spool's bound in MiB; 0 for no spool
 * @param warnings         a line per {@code predlog.otlp.*} key that the sink does not know
 */
record OtlpSettings(URI endpoint, Protocol protocol, Map<String, String> headers, boolean gzip, Duration timeout,
        int batchEvents, Duration linger, int queueEvents, Duration retryInitial, Duration retryMax, Path spoolDir,
        long spoolMaxMb, List<String> warnings) {

    /** The prefix of the sink's keys. */
    static final String PREFIX = "predlog.otlp.";

    static final String ENDPOINT = "endpoint";
    static final String PROTOCOL = "protocol";
    static final String HEADERS = "headers";
    static final String COMPRESSION = "compression";
    static final String TIMEOUT_MS = "timeout_ms";
    static final String BATCH_MAX_EVENTS = "batch.max_events";
    static final String BATCH_LINGER_MS = "batch.linger_ms";
    static final String QUEUE_MAX_EVENTS = "queue.max_events";
    static final String RETRY_INITIAL_MS = "retry.initial_ms";
    static final String RETRY_MAX_MS = "retry.max_ms";
    static final String SPOOL_DIR = "spool.dir";
    static final String SPOOL_MAX_MB = "spool.max_mb";

    private static final Set<String> KNOWN = Set.of(ENDPOINT, PROTOCOL, HEADERS, COMPRESSION, TIMEOUT_MS,
            BATCH_MAX_EVENTS, BATCH_LINGER_MS, QUEUE_MAX_EVENTS, RETRY_INITIAL_MS, RETRY_MAX_MS, SPOOL_DIR,
            SPOOL_MAX_MB);

    /** The encodings OTLP/HTTP defines. */
    enum Protocol {
        HTTP_PROTOBUF("http/protobuf"),
        HTTP_JSON("http/json");

        final String text;

        Protocol(String text) {
            this.text = text;
        }
    }

    /**
     * The settings of the keys under {@link #PREFIX}, the prefix removed, with their defaults.
     *
     * @throws IllegalArgumentException naming the key, for a value the sink cannot use
     */
    static OtlpSettings of(Map<String, String> keys) {
        List<String> warnings = new ArrayList<>();
        keys.keySet().stream().filter(k -> !KNOWN.contains(k)).sorted().forEach(k -> warnings.add(PREFIX + k
                + ": not a key of the otlp sink; ignored (its keys: " + String.join(", ", KNOWN.stream().sorted()
                .map(n -> PREFIX + n).toList()) + ")"));
        Duration retryInitial = millis(keys, RETRY_INITIAL_MS, 1_000, 1, 3_600_000);
        Duration retryMax = millis(keys, RETRY_MAX_MS, 30_000, 1, 3_600_000);
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException(PREFIX + RETRY_MAX_MS + ": " + retryMax.toMillis()
                    + " is less than " + PREFIX + RETRY_INITIAL_MS + " (" + retryInitial.toMillis() + ")");
        }
        return new OtlpSettings(endpoint(text(keys, ENDPOINT, "http://localhost:4318/v1/logs")),
                protocol(text(keys, PROTOCOL, "http/protobuf")), headers(text(keys, HEADERS, "")),
                gzip(text(keys, COMPRESSION, "none")), millis(keys, TIMEOUT_MS, 10_000, 1, 600_000),
                (int) number(keys, BATCH_MAX_EVENTS, 512, 1, 100_000), millis(keys, BATCH_LINGER_MS, 200, 0, 60_000),
                (int) number(keys, QUEUE_MAX_EVENTS, 2_048, 1, 10_000_000), retryInitial, retryMax,
                path(keys.get(SPOOL_DIR)), number(keys, SPOOL_MAX_MB, 1_024, 0, 1L << 30), List.copyOf(warnings));
    }

    private static String text(Map<String, String> keys, String key, String otherwise) {
        String value = keys.get(key);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ENDPOINT + ": '" + value + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(PREFIX + ENDPOINT + ": '" + value
                    + "' is not an http:// or https:// URL with a host (e.g. http://localhost:4318/v1/logs)");
        }
        return uri;
    }

    private static Protocol protocol(String value) {
        for (Protocol p : Protocol.values()) {
            if (p.text.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(PREFIX + PROTOCOL + ": '" + value + "' is not http/protobuf or http/json");
    }

    private static boolean gzip(String value) {
        return switch (value) {
            case "gzip" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(PREFIX + COMPRESSION + ": '" + value
                    + "' is not gzip or none");
        };
    }

    /** {@code name=value} pairs separated by commas, values percent-decoded (as OTEL_EXPORTER_OTLP_HEADERS). */
    static Map<String, String> headers(String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new IllegalArgumentException(PREFIX + HEADERS + ": '" + pair.trim()
                        + "' is not name=value (e.g. authorization=Bearer%20abc,x-scope-orgid=tenant-1)");
            }
            String decoded = URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            if (decoded.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException(PREFIX + HEADERS + ": the value of " + name + " has a line break");
            }
            headers.put(name, decoded);
        }
        return headers;
    }

    private static Duration millis(Map<String, String> keys, String key, long otherwise, long min, long max) {
        return Duration.ofMillis(number(keys, key, otherwise, min, max));
    }

    private static long number(Map<String, String> keys, String key, long otherwise, long min, long max) {
        String value = text(keys, key, null);
        if (value == null) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": '" + value + "' is not a whole number", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(PREFIX + key + ": " + n + " is not between " + min + " and " + max);
        }
        return n;
    }

    private static Path path(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PREFIX + SPOOL_DIR + ": '" + value + "' is not a path", e);
        }
    }
}
