package io.predlog.agent.http;

import io.predlog.agent.bootstrap.HttpPropagator;
import io.predlog.agent.context.RequestContext;

import java.net.URLConnection;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;

/**
 * The outbound side of HTTP request ids: a call made inside a request carries
 * {@code X-Request-ID: <id>} and, when the id is a valid W3C trace-id, {@code traceparent: 00-<id>-<random
 * parent-id>-01}, so that the next service, under predlog too, continues the same id. A header the application set
 * is never replaced, and nothing is added outside a request.
 *
 * <p>{@code HttpRequest}s are immutable: the call is given a copy with the headers added. An
 * {@code HttpURLConnection} gets request properties before it connects.
 */
public final class OutboundIds implements HttpPropagator {

    @Override
    public Object withRequestId(Object request) {
        String id = RequestContext.current().requestId();
        if (id == null || !(request instanceof HttpRequest original)) {
            return request;
        }
        HttpHeaders headers = original.headers();
        boolean addId = headers.firstValue(HttpSettings.REQUEST_ID_HEADER).isEmpty();
        String traceparent = headers.firstValue(TraceParent.HEADER).isEmpty() ? TraceParent.forRequest(id) : null;
        if (!addId && traceparent == null) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(original, (name, value) -> true);
        if (addId) {
            copy.header(HttpSettings.REQUEST_ID_HEADER, id);
        }
        if (traceparent != null) {
            copy.header(TraceParent.HEADER, traceparent);
        }
        return copy.build();
    }

    @Override
    public void beforeConnect(Object connection) {
        String id = RequestContext.current().requestId();
        if (id == null || !(connection instanceof URLConnection c)) {
            return;
        }
        try {
            if (c.getRequestProperty(HttpSettings.REQUEST_ID_HEADER) == null) {
                c.setRequestProperty(HttpSettings.REQUEST_ID_HEADER, id);
            }
            if (c.getRequestProperty(TraceParent.HEADER) == null) {
                String traceparent = TraceParent.forRequest(id);
                if (traceparent != null) {
                    c.setRequestProperty(TraceParent.HEADER, traceparent);
                }
            }
        } catch (IllegalStateException alreadyConnected) {
            // connect() again on a connected connection: its headers went out already
        }
    }
}
