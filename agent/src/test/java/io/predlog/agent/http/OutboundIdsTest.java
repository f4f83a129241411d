package io.predlog.agent.http;

import io.predlog.agent.context.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundIdsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final OutboundIds outbound = new OutboundIds();
    private final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/score"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(3))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

    @AfterEach
    void endRequest() {
        RequestContext.current().end();
    }

    @Test
    void outsideARequestTheRequestIsSentAsItIs() {
        assertSame(request, outbound.withRequestId(request));
    }

    @Test
    void insideARequestACopyCarriesTheIdAndATraceparent() {
        RequestContext.current().begin(TRACE_ID);
        HttpRequest sent = (HttpRequest) outbound.withRequestId(request);
        assertEquals(List.of(TRACE_ID), sent.headers().allValues("X-Request-ID"));
        assertTrue(sent.headers().firstValue("traceparent").orElseThrow().matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"));
        assertEquals(List.of("application/json"), sent.headers().allValues("Content-Type"), "the application's headers");
        assertEquals(request.method(), sent.method());
        assertEquals(request.uri(), sent.uri());
        assertEquals(request.timeout(), sent.timeout());
        assertEquals(request.bodyPublisher().orElseThrow().contentLength(), sent.bodyPublisher().orElseThrow().contentLength());
    }

    @Test
    void anIdThatIsNoTraceIdGoesWithoutTraceparent() {
        RequestContext.current().begin("req-abc-123");
        HttpRequest sent = (HttpRequest) outbound.withRequestId(request);
        assertEquals(List.of("req-abc-123"), sent.headers().allValues("X-Request-ID"));
        assertTrue(sent.headers().firstValue("traceparent").isEmpty());
    }

    @Test
    void headersTheApplicationSetAreNeverReplaced() {
        RequestContext.current().begin(TRACE_ID);
        HttpRequest own = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).header("x-request-id", "app-own")
                .header("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01").build();
        assertSame(own, outbound.withRequestId(own));
        HttpRequest idOnly = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).header("X-Request-ID", "app-own").build();
        HttpRequest sent = (HttpRequest) outbound.withRequestId(idOnly);
        assertEquals(List.of("app-own"), sent.headers().allValues("X-Request-ID"));
        assertTrue(sent.headers().firstValue("traceparent").isPresent());
    }

    @Test
    void aUrlConnectionGetsTheHeadersBeforeItConnects() throws Exception {
        RequestContext.current().begin(TRACE_ID);
        URLConnection connection = new URL("http://127.0.0.1:1/").openConnection();
        connection.setRequestProperty("traceparent", "app-own");
        outbound.beforeConnect(connection);
        assertEquals(TRACE_ID, connection.getRequestProperty("X-Request-ID"));
        assertEquals("app-own", connection.getRequestProperty("traceparent"));
    }

    @Test
    void aUrlConnectionOutsideARequestIsLeftAlone() throws Exception {
        URLConnection connection = new URL("http://127.0.0.1:1/").openConnection();
        outbound.beforeConnect(connection);
        assertNull(connection.getRequestProperty("X-Request-ID"));
    }
}
