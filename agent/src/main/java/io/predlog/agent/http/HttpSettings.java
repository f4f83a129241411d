package io.predlog.agent.http;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of HTTP request ids: whether the common servers' entry points are built-in entry
 * targets, which inbound headers carry an id (in order of preference), whether the id is echoed on the response,
 * and whether outbound calls carry it.
 *
 * @param servers        {@code predlog.http.servers}: built-in entry targets on the JDK's {@code HttpHandler} and
 *                       the Servlet API's {@code HttpServlet.service} (javax and jakarta)
 * @param inboundHeaders {@code predlog.request_id.headers}: header names, first preferred; {@code traceparent}
 *                       contributes its trace-id
 * @param echo           {@code predlog.request_id.echo}: set {@code X-Request-ID} on the response
 * @param clients        {@code predlog.http.clients}: add the id to calls made through {@code HttpClient} and
 *                       {@code HttpURLConnection} inside a request
 */
public record HttpSettings(boolean servers, List<String> inboundHeaders, boolean echo, boolean clients) {

    /** The header predlog echoes and sends: {@code X-Request-ID}. */
    public static final String REQUEST_ID_HEADER = "X-Request-ID";

    public HttpSettings {
        inboundHeaders = List.copyOf(inboundHeaders);
    }

    /** The settings of a validated configuration. */
    public static HttpSettings from(AgentConfig config) {
        return new HttpSettings(
                config.bool(ConfigKeys.HTTP_SERVERS),
                names(config.text(ConfigKeys.REQUEST_ID_HEADERS)),
                config.bool(ConfigKeys.REQUEST_ID_ECHO),
                config.bool(ConfigKeys.HTTP_CLIENTS));
    }

    /** The defaults, as documented in docs/CONFIGURATION.md. */
    public static HttpSettings defaults() {
        return new HttpSettings(false, List.of(REQUEST_ID_HEADER, TraceParent.HEADER), true, true);
    }

    private static List<String> names(String value) {
        List<String> names = new ArrayList<>();
        if (value != null) {
            for (String piece : value.split(",")) {
                if (!piece.isBlank()) {
                    names.add(piece.trim());
                }
            }
        }
        return names;
    }
}
