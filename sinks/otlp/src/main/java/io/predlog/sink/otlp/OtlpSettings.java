package io.predlog.sink.otlp;

import io.predlog.agent.config.ConfigKey;
import io.predlog.agent.config.ConfigKeys;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code otlp} sink's configuration, read from the {@code predlog.otlp.*} keys (docs/SINKS.md, "The otlp sink").
 * Their names, defaults and bounds are the agent's key registry ({@link ConfigKeys#OTLP}), whose loader has checked
 * the choices and numbers; the sink checks the rest (the endpoint, the headers, the retry waits together): a bad
 * value throws an {@link IllegalArgumentException} that names its key. Immutable.
 *
 * @param endpoint     where requests go: the full URL of the logs endpoint
 * @param protocol     the encoding of the requests
 * @param headers      extra request headers (authentication), in order
 * @param gzip         whether bodies are sent gzip-compressed
 * @param timeout      how long one request may take, connecting included
 * @param batchEvents  the most events in one request
 * @param linger       how long an event may wait for others to fill its request
 * @param queueEvents  events held in memory before the spool takes them
 * @param retryInitial the first wait after a failed request; it doubles with each failure in a row
 * @param retryMax     the longest such wait
 * @param spoolDir     the spool's directory, or null for the default ({@code <predlog.file.dir>/spool/otlp})
 * @param spoolMaxMb   the spool's bound in MiB; 0 for no spool
 */
record OtlpSettings(URI endpoint, Protocol protocol, Map<String, String> headers, boolean gzip, Duration timeout,
        int batchEvents, Duration linger, int queueEvents, Duration retryInitial, Duration retryMax, Path spoolDir,
        long spoolMaxMb) {

    /** The prefix of the sink's keys. */
    static final String PREFIX = "predlog.otlp.";

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
     * The settings of the keys under {@link #PREFIX} (the prefix removed, as {@code SinkSettings.prefixed} gives
     * them), with the registry's defaults for those not set.
     *
     * @throws IllegalArgumentException naming the key, for a value the sink cannot use
     */
    static OtlpSettings of(Map<String, String> keys) {
        Duration retryInitial = millis(keys, ConfigKeys.OTLP_RETRY_INITIAL_MS);
        Duration retryMax = millis(keys, ConfigKeys.OTLP_RETRY_MAX_MS);
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException(ConfigKeys.OTLP_RETRY_MAX_MS.name() + ": " + retryMax.toMillis()
                    + " is less than " + ConfigKeys.OTLP_RETRY_INITIAL_MS.name() + " (" + retryInitial.toMillis() + ")");
        }
        String spoolDir = text(keys, ConfigKeys.OTLP_SPOOL_DIR);
        return new OtlpSettings(endpoint(text(keys, ConfigKeys.OTLP_ENDPOINT)),
                protocol(text(keys, ConfigKeys.OTLP_PROTOCOL)), headers(text(keys, ConfigKeys.OTLP_HEADERS)),
                gzip(text(keys, ConfigKeys.OTLP_COMPRESSION)), millis(keys, ConfigKeys.OTLP_TIMEOUT_MS),
                (int) number(keys, ConfigKeys.OTLP_BATCH_MAX_EVENTS), millis(keys, ConfigKeys.OTLP_BATCH_LINGER_MS),
                (int) number(keys, ConfigKeys.OTLP_QUEUE_MAX_EVENTS), retryInitial, retryMax,
                spoolDir.isEmpty() ? null : path(spoolDir), number(keys, ConfigKeys.OTLP_SPOOL_MAX_MB));
    }

    /** The key's value, trimmed; its default (or "") when it is unset or blank. */
    private static String text(Map<String, String> keys, ConfigKey key) {
        String value = keys.get(key.name().substring(PREFIX.length()));
        if (value == null || value.isBlank()) {
            return key.defaultValue() == null ? "" : key.defaultValue();
        }
        return value.trim();
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.OTLP_ENDPOINT.name() + ": '" + value + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(ConfigKeys.OTLP_ENDPOINT.name() + ": '" + value
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
        throw new IllegalArgumentException(ConfigKeys.OTLP_PROTOCOL.name() + ": '" + value
                + "' is not http/protobuf or http/json");
    }

    private static boolean gzip(String value) {
        return switch (value) {
            case "gzip" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(ConfigKeys.OTLP_COMPRESSION.name() + ": '" + value
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
                throw new IllegalArgumentException(ConfigKeys.OTLP_HEADERS.name() + ": '" + pair.trim()
                        + "' is not name=value (e.g. authorization=Bearer%20abc,x-scope-orgid=tenant-1)");
            }
            String decoded = URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            if (decoded.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException(ConfigKeys.OTLP_HEADERS.name() + ": the value of " + name
                        + " has a line break");
            }
            headers.put(name, decoded);
        }
        return headers;
    }

    private static Duration millis(Map<String, String> keys, ConfigKey key) {
        return Duration.ofMillis(number(keys, key));
    }

    /** A whole number within the key's bounds. */
    private static long number(Map<String, String> keys, ConfigKey key) {
        String value = text(keys, key);
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.name() + ": '" + value + "' is not a whole number", e);
        }
        if (n < key.min() || n > key.max()) {
            throw new IllegalArgumentException(key.name() + ": " + n + " is not between " + key.min() + " and "
                    + key.max());
        }
        return n;
    }

    private static Path path(String value) {
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(ConfigKeys.OTLP_SPOOL_DIR.name() + ": '" + value + "' is not a path", e);
        }
    }
}
