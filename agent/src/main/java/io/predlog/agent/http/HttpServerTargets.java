package io.predlog.agent.http;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;

import java.util.List;

/**
 * The entry targets that {@code predlog.http.servers=true} adds, all named {@code http}: the JDK's
 * {@code HttpHandler.handle(HttpExchange)} and the Servlet API's
 * {@code HttpServlet.service(HttpServletRequest, HttpServletResponse)}, javax and jakarta. The servlet's
 * {@code service(ServletRequest, ServletResponse)} only delegates to that overload, so it is not a target: a
 * request is recorded once. They have no {@code request_id} expression: the id comes from the headers
 * ({@link InboundIds}).
 */
public final class HttpServerTargets {

    /** The name in the events of the built-in targets. */
    public static final String NAME = "http";

    private static final List<String> PATTERNS = List.of(
            "com.sun.net.httpserver.HttpHandler#handle(com.sun.net.httpserver.HttpExchange)",
            "javax.servlet.http.HttpServlet#service(javax.servlet.http.HttpServletRequest,"
                    + "javax.servlet.http.HttpServletResponse)",
            "jakarta.servlet.http.HttpServlet#service(jakarta.servlet.http.HttpServletRequest,"
                    + "jakarta.servlet.http.HttpServletResponse)");

    private HttpServerTargets() {
    }

    /** New specs of the built-in targets (new instances each call: the recorder knows them by identity). */
    public static List<TargetSpec> specs() {
        return PATTERNS.stream()
                .map(p -> new TargetSpec(TargetKind.ENTRY, NAME, MethodPattern.parse(p), null, null, null, null))
                .toList();
    }
}
