package io.predlog.agent.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Request events encoded straight to bytes come out exactly as the Jackson path writes them. */
class RequestLineTest {

    private static final byte[] ID = "0123456789abcdef0000000000000007".getBytes(StandardCharsets.US_ASCII);

    private final EventJsonEncoder encoder = new EventJsonEncoder(new ProcessInfo("svc \"a\" é", "host-1", 7));
    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);

    @Test
    void randomRequestEventsAreEncodedByteForByteAsTheJacksonPathEncodesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(20261206);
        RequestLine line = new RequestLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)));
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            RequestEvent event = event(random);
            direct += line.encode(event, ID) ? 1 : 0;
            assertEquals(withoutEventId(reference(event)), withoutEventId(encode(event)), "event " + i + ": " + event);
        }
        assertTrue(direct > 15_000, "most took the direct path: " + direct);
    }

    /** Request and prediction events share the encoder's line: neither leaves anything in the other's. */
    @Test
    void requestAndPredictionEventsInterleavedComeOutAsJacksonWritesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            Event event;
            if (random.nextBoolean()) {
                event = event(random);
            } else {
                CapturedInput input = capture.captureValue(Map.of("amount", PredictionLineTest.number(random),
                        "plan", "basic"));
                event = new PredictionEvent(SampleEvents.START, "http-1", "r" + i, "score", "m#predict", "churn",
                        "v2", input.hash(), input.characteristics(), null, 0.25, null, null, 1.0);
            }
            assertEquals(withoutEventId(reference(event)), withoutEventId(encode(event)), "event " + i);
        }
    }

    @Test
    void aTypicalRequestsEventsAreEncodedWithoutJackson() {
        RequestLine line = new RequestLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)));
        for (Phase phase : Phase.values()) {
            RequestEvent event = new RequestEvent(phase, SampleEvents.START, "http-nio-8080-exec-3",
                    "0123456789abcdef0123456789abcdef", "http", "com.acme.Handler#handle",
                    phase == Phase.START ? Double.NaN : 4.25, phase == Phase.FAILURE ? "java.io.IOException" : null,
                    phase == Phase.FAILURE ? "broken pipe" : null);
            assertTrue(line.encode(event, ID), phase.name());
        }
    }

    @Test
    void whatItCannotEncodeExactlyGoesThroughJacksonAndComesOutTheSame() throws IOException {
        RequestLine line = new RequestLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)));
        RequestEvent pair = new RequestEvent(Phase.START, SampleEvents.START, "worker-\ud83d\ude00", "r", "t", "m#h",
                Double.NaN, null, null);
        RequestEvent lone = new RequestEvent(Phase.FAILURE, SampleEvents.START, "w", "r", "t", "m#h", 1.5, "E",
                "boom \udc00");
        for (RequestEvent event : new RequestEvent[] {pair, lone}) {
            assertFalse(line.encode(event, ID), "declined: " + event);
            assertEquals(outcome(event, true), outcome(event, false));
        }
    }

    private RequestEvent event(SplittableRandom r) {
        Phase phase = Phase.values()[r.nextInt(3)];
        long start = r.nextInt(10) == 0 ? -62_000_000_000_000L * r.nextInt(1, 10)
                : SampleEvents.START + r.nextLong(1L << 40);
        double latency = r.nextInt(6) == 0 ? Double.NaN : PredictionLineTest.number(r);
        boolean failed = phase == Phase.FAILURE;
        String message = failed && r.nextInt(5) == 0 ? "x".repeat(r.nextInt(100, 3000)) + " token=abc"
                : failed ? PredictionLineTest.text(r) : null;
        double[] rates = {1.0, 0.5, 1e-7, 0.1, Double.NaN, 1.0 / 3};
        return new RequestEvent(phase, start, PredictionLineTest.text(r), PredictionLineTest.text(r),
                PredictionLineTest.text(r), PredictionLineTest.text(r), latency,
                failed ? PredictionLineTest.text(r) : null, message, rates[r.nextInt(rates.length)]);
    }

    private String outcome(Event event, boolean reference) {
        try {
            return withoutEventId(reference ? reference(event) : encode(event));
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private String encode(Event event) throws IOException {
        return PredictionLineTest.encode(encoder, event);
    }

    private String reference(Event event) throws IOException {
        return PredictionLineTest.reference(encoder, event);
    }

    private static String withoutEventId(String line) {
        return PredictionLineTest.withoutEventId(line);
    }
}
