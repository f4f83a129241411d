package io.predlog.agent.event;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events with every field known, and with every optional field unknown, for tests across packages. */
public final class SampleEvents {

    public static final long START = 1795747680123L; // 2026-11-27T02:48:00.123Z
    public static final ProcessInfo PROCESS = new ProcessInfo("fraud-scorer", "host-1", 4242);

    private SampleEvents() {
    }

    public static Map<String, Object> characteristics() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", 12.5);
        values.put("count", 3);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "java.util.HashMap");
        input.put("num_fields", 2);
        input.put("field_names", List.of("amount", "count"));
        input.put("total_size_bytes", 27L);
        input.put("values", values);
        return input;
    }

    /** The {@code output} characteristics the capture makes of {@code value}. */
    public static Map<String, Object> outputCharacteristics(Object value) {
        return new InputCapture(HashSettings.defaults(), true).captureOutput(value).characteristics();
    }

    public static PredictionEvent predictionSuccess() {
        return new PredictionEvent(START, "http-nio-1", "0123456789abcdef0123456789abcdef", "score",
                "com.acme.Model#predict", "fraud", "v3",
                new HashResult("0011223344556677", 27, false, false), characteristics(),
                new HashResult("8899aabbccddeeff", 9, false, false), 1.2345, null, null, 1.0);
    }

    public static PredictionEvent predictionFailure() {
        return new PredictionEvent(START, "http-nio-1", "0123456789abcdef0123456789abcdef", "score",
                "com.acme.Model#predict", "fraud", "v3",
                new HashResult("0011223344556677", 27, false, false), characteristics(),
                null, 0.5, "java.lang.IllegalStateException", "bad input for jane@example.com", 1.0);
    }

    /** Every optional field unknown. */
    public static PredictionEvent predictionBare(String errorType) {
        return new PredictionEvent(START, "main", "0123456789abcdef0123456789abcdef", "score",
                "com.acme.Model#predict", null, null, null, null, null, 0.25, errorType, null, 1.0);
    }

    public static ModelLoadEvent load(Phase phase) {
        return new ModelLoadEvent(phase, START, "main", "fedcba9876543210fedcba9876543210", "loader",
                "com.acme.Model#<init>", "fraud", "v3",
                phase == Phase.START ? Double.NaN : 812.0005,
                phase == Phase.SUCCESS ? 153.25 : Double.NaN,
                phase == Phase.SUCCESS ? "heap_used_delta+rss_anon_delta" : null,
                phase == Phase.SUCCESS ? 1.5 : Double.NaN,
                phase == Phase.SUCCESS ? 151.75 : Double.NaN,
                phase == Phase.SUCCESS ? "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" : null,
                null,
                phase == Phase.FAILURE ? "java.io.FileNotFoundException" : null,
                phase == Phase.FAILURE ? "model.bin missing" : null);
    }

    /** Every optional field unknown (the load time is always measured once the load ends). */
    public static ModelLoadEvent loadBare(Phase phase) {
        return new ModelLoadEvent(phase, START, "main", "fedcba9876543210fedcba9876543210", "loader",
                "com.acme.Model#<init>", null, null, phase == Phase.START ? Double.NaN : 5.0, Double.NaN, null,
                Double.NaN, Double.NaN, null, null, null, null);
    }

    /** A load whose model file was not hashed, and why. */
    public static ModelLoadEvent loadUnhashed(String reason) {
        return loadBare(Phase.SUCCESS).withModelSha256(null, reason);
    }

    public static RequestEvent request(Phase phase) {
        return new RequestEvent(phase, START, "http-nio-2", "00000000000000000000000000000abc", "api",
                "com.acme.Api#handle", phase == Phase.START ? Double.NaN : 20.5,
                phase == Phase.FAILURE ? "java.lang.RuntimeException" : null,
                phase == Phase.FAILURE ? "boom" : null);
    }

    public static RequestEvent requestBare(Phase phase) {
        return new RequestEvent(phase, START, "http-nio-2", "00000000000000000000000000000abc", "api",
                "com.acme.Api#handle", phase == Phase.START ? Double.NaN : 20.5, null, null);
    }

    /** The shutdown report of a run that dropped events, with a sink that reports its disk usage. */
    public static AgentHealthEvent health() {
        return new AgentHealthEvent(START, "predlog-dispatcher", true, true, 60_000.5, 1000, 880, 90, 10,
                15, java.util.Map.of("file", 4L), 1, 0, java.util.Map.of("file", 2L), 0, 65_536,
                0, 33_554_432, java.util.Map.of("file", new AgentHealthEvent.Disk(3, 123_456)));
    }

    /** A periodic report with nothing dropped and no sink keeping files. */
    public static AgentHealthEvent healthBare() {
        return new AgentHealthEvent(START, "predlog-dispatcher", false, false, 60_000, 10, 8, 2, 0,
                0, java.util.Map.of("stdout", 0L), 0, 0, java.util.Map.of("stdout", 0L), 0, 16,
                0, 65_536, java.util.Map.of());
    }

    /** A prediction whose number tells it apart: {@code latency_ms} = n / 1000, request id = n in hex. */
    public static PredictionEvent numbered(long n) {
        return new PredictionEvent(START, "t", String.format("%032x", n), "score", "com.acme.Model#predict",
                "fraud", null, null, null, null, n / 1000.0, null, null, 1.0);
    }
}
