package io.predlog.agent.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * The JDK's {@code com.sun.net.httpserver}: the request is an {@link HttpExchange}, and its response headers may
 * be set until the handler sends them, so at entry they always may. Loaded only once an exchange was seen, so a
 * runtime without the {@code jdk.httpserver} module never links it.
 */
final class JdkHttpExchange extends ServerApi {

    static final String TYPE = "com.sun.net.httpserver.HttpExchange";

    @Override
    String header(Object request, String name) {
        return ((HttpExchange) request).getRequestHeaders().getFirst(name);
    }

    @Override
    void setIfAbsent(Object[] args, String name, String value) {
        Headers headers = ((HttpExchange) args[0]).getResponseHeaders();
        if (!headers.containsKey(name)) {
            headers.set(name, value);
        }
    }
}
