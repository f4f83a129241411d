package io.predlog.agent.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboundIdsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final InboundIds defaults = new InboundIds(HttpSettings.defaults(), List.of());

    private static Object[] call(FakeExchange exchange) {
        return new Object[] {exchange};
    }

    @Test
    void xRequestIdIsPreferredOverTraceparent() {
        assertEquals("req-7", defaults.requestId(call(new FakeExchange("traceparent", TRACEPARENT, "X-Request-ID", "req-7"))));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        assertEquals("req-7", defaults.requestId(call(new FakeExchange("x-request-id", "req-7"))));
    }

    @Test
    void aTraceparentAloneGivesItsTraceId() {
        assertEquals(TRACE_ID, defaults.requestId(call(new FakeExchange("traceparent", TRACEPARENT))));
    }

    @Test
    void anUnadoptableHeaderFallsThroughToTheNext() {
        assertEquals(TRACE_ID, defaults.requestId(call(new FakeExchange("X-Request-ID", "x".repeat(129),
                "traceparent", TRACEPARENT))), "longer than 128");
        assertEquals(TRACE_ID, defaults.requestId(call(new FakeExchange("X-Request-ID", "   ",
                "traceparent", TRACEPARENT))), "blank");
        assertEquals(TRACE_ID, defaults.requestId(call(new FakeExchange("X-Request-ID", "caf\u00e9",
                "traceparent", TRACEPARENT))), "not ASCII");
    }

    @Test
    void anInvalidTraceparentIsIgnored() {
        assertNull(defaults.requestId(call(new FakeExchange("traceparent", "00-" + TRACE_ID.toUpperCase()
                + "-00f067aa0ba902b7-01"))));
        assertNull(defaults.requestId(call(new FakeExchange("traceparent", "not a traceparent"))),
                "never adopted as a plain value");
    }

    @Test
    void noHeadersNoId() {
        assertNull(defaults.requestId(call(new FakeExchange())));
    }

    @Test
    void theConfiguredOrderDecides() {
        InboundIds custom = new InboundIds(new HttpSettings(true, List.of("traceparent", "X-Correlation-ID"), true, true),
                List.of());
        assertEquals(TRACE_ID, custom.requestId(call(new FakeExchange("X-Request-ID", "req-7",
                "X-Correlation-ID", "corr-1", "traceparent", TRACEPARENT))));
        assertEquals("corr-1", custom.requestId(call(new FakeExchange("X-Request-ID", "req-7",
                "X-Correlation-ID", "corr-1"))), "X-Request-ID is not in the list");
    }

    @Test
    void argumentsThatAreNoHttpRequestGiveNothingAndAreLeftAlone() {
        assertNull(defaults.requestId(new Object[] {"GET /"}));
        assertNull(defaults.requestId(new Object[] {null}));
        assertNull(defaults.requestId(new Object[0]));
        assertNull(defaults.requestId(null));
        defaults.echo(new Object[] {"GET /"}, "req-7");
    }

    @Test
    void theIdIsEchoedOnTheResponse() {
        FakeExchange exchange = new FakeExchange();
        defaults.echo(call(exchange), "req-7");
        assertEquals("req-7", exchange.getResponseHeaders().getFirst("X-Request-ID"));
    }

    @Test
    void anEchoNeverReplacesTheApplicationsOwnHeader() {
        FakeExchange exchange = new FakeExchange();
        exchange.getResponseHeaders().set("x-request-id", "app-own");
        defaults.echo(call(exchange), "req-7");
        assertEquals(List.of("app-own"), exchange.getResponseHeaders().get("X-Request-ID"));
    }

    @Test
    void echoCanBeTurnedOff() {
        InboundIds quiet = new InboundIds(new HttpSettings(true, List.of("X-Request-ID"), false, true), List.of());
        FakeExchange exchange = new FakeExchange();
        quiet.echo(call(exchange), "req-7");
        assertFalse(exchange.getResponseHeaders().containsKey("X-Request-ID"));
    }

    @Test
    void builtInTargetsAreKnownByIdentity() {
        var specs = HttpServerTargets.specs();
        InboundIds ids = new InboundIds(HttpSettings.defaults(), specs);
        assertTrue(specs.stream().allMatch(ids::isBuiltIn));
        assertFalse(HttpServerTargets.specs().stream().anyMatch(ids::isBuiltIn), "equal specs of the user's are not");
        assertEquals(3, specs.size());
    }
}
