package io.predlog.agent.http;

import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.context.RequestIds;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The inbound side of HTTP request ids, used by the recorder when an entry call starts a
 * request: the id to adopt from the request's headers (when the target names no {@code request_id} expression),
 * and the echo of the request's id in the response's {@code X-Request-ID} header.
 *
 * <p>Headers are tried in the configured order; the first that yields an adoptable id (docs/EVENTS.md) wins. A
 * {@code traceparent} yields its trace-id, and only when valid. The entry call's first argument says which
 * server API it is: a {@code com.sun.net.httpserver.HttpExchange}, or a javax/jakarta {@code HttpServletRequest}
 * (with the response as the second argument). Any other first argument yields nothing and is left alone.
 */
public final class InboundIds {

    private final String[] headers;
    private final boolean[] traceparent;
    private final boolean echo;
    private final Set<TargetSpec> builtIn;

    /**
     * @param settings       the header names and the echo switch
     * @param builtInTargets the entry targets predlog added itself ({@link HttpServerTargets}), by identity
     */
    public InboundIds(HttpSettings settings, List<TargetSpec> builtInTargets) {
        this.headers = settings.inboundHeaders().toArray(new String[0]);
        this.traceparent = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            traceparent[i] = headers[i].equalsIgnoreCase(TraceParent.HEADER);
        }
        this.echo = settings.echo();
        Set<TargetSpec> specs = Collections.newSetFromMap(new IdentityHashMap<>());
        specs.addAll(builtInTargets);
        this.builtIn = Collections.unmodifiableSet(specs);
    }

    /**
     * Whether {@code spec} is one of predlog's built-in HTTP server targets. Those record a request once: inside
     * a request already in progress on the thread (a servlet's override calling {@code super.service}), they
     * record nothing.
     */
    public boolean isBuiltIn(TargetSpec spec) {
        return builtIn.contains(spec);
    }

    /** The id to adopt from the request in {@code args[0]}, or null when it is no HTTP request or has none. */
    public String requestId(Object[] args) {
        if (args == null || args.length == 0 || headers.length == 0) {
            return null;
        }
        Object request = args[0];
        ServerApi api = ServerApi.of(request);
        if (!api.recognised()) {
            return null;
        }
        for (int i = 0; i < headers.length; i++) {
            String value = api.header(request, headers[i]);
            String id = traceparent[i] ? TraceParent.traceId(value) : value;
            if (RequestIds.isAdoptable(id)) {
                return id;
            }
        }
        return null;
    }

    /**
     * Sets {@code X-Request-ID: id} on the response of the HTTP request in {@code args}, unless echo is off, the
     * response has that header already (the application's own) or is committed.
     */
    public void echo(Object[] args, String id) {
        if (!echo || args == null || args.length == 0) {
            return;
        }
        ServerApi api = ServerApi.of(args[0]);
        if (api.recognised()) {
            api.setIfAbsent(args, HttpSettings.REQUEST_ID_HEADER, id);
        }
    }
}
