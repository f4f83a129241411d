package io.predlog.agent.bootstrap;

/**
 * What advice woven into the JDK's HTTP clients calls. Served by the bootstrap class
 * loader so that the JDK's own classes resolve it; knows nothing but {@link HttpPropagator}, and swallows every
 * {@link Throwable}: a call that cannot carry the id is sent exactly as the application made it.
 */
public final class HttpBridge {

    private static volatile HttpPropagator propagator;

    private HttpBridge() {
    }

    /** Installs what adds the ids; null uninstalls. */
    public static void install(HttpPropagator newPropagator) {
        propagator = newPropagator;
    }

    /** Woven into {@code HttpClient.send}/{@code sendAsync}: the request to send instead. Never throws. */
    public static Object withRequestId(Object request) {
        HttpPropagator p = propagator;
        if (p == null || request == null) {
            return request;
        }
        try {
            Object replaced = p.withRequestId(request);
            return replaced == null ? request : replaced;
        } catch (Throwable t) {
            return request;
        }
    }

    /** Woven into {@code HttpURLConnection.connect()}, {@code getInputStream()}, {@code getOutputStream()}. Never throws. */
    public static void beforeConnect(Object connection) {
        HttpPropagator p = propagator;
        if (p == null || connection == null) {
            return;
        }
        try {
            p.beforeConnect(connection);
        } catch (Throwable t) {
            // the connection goes out as the application made it
        }
    }
}
