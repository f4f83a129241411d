package io.predlog.cli.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes an hour of events of a service with two models as the agent writes them (field names and order of
 * docs/EVENTS.md): {@code fraud} (map inputs: amount, age, income, country) and {@code embed} (float[] inputs of
 * 10 to 1000 elements), model loads, requests, {@code model_stats} and {@code agent_health} every minute, and a
 * base failure rate and latency that grows with input size. Each {@link Incident} starts at minute 30.
 */
final class IncidentLog {

    /** What goes wrong from minute 30 on. */
    enum Incident {
        /** fraud v2 is loaded at 29:40 and serves from 30:00; 10 % of its calls fail. */
        BAD_VERSION,
        /** 25 % of fraud's calls lack the field age, and those fail. */
        MISSING_FIELD,
        /** 15 % of fraud's calls have income NaN. */
        NAN_VALUES,
        /** 20 % of fraud's amounts are 50 times larger. */
        OUT_OF_RANGE,
        /** embed's calls with over 500 elements become 6 times slower. */
        SLOW_LARGE_INPUTS,
        /**
         * for three minutes, seven in ten of embed's calls come with 40,000 elements and take 40 times as long as one
         * of 1,000: the slow calls are most of the model's calls while the burst lasts.
         */
        LARGE_INPUT_BURST,
        /** the agent reports drift of fraud's amount. */
        DRIFT,
        /** fraud's predictions stop at minute 40; embed goes on. */
        STOPPED,
        /** a process dies with calls in flight; requests that started never finish. */
        CRASH
    }

    static final Instant START = Instant.parse("2026-11-27T02:00:00Z");
    static final int MINUTES = 60;
    static final int ONSET = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final Set<Incident> incidents;
    private final Writer out;
    private long ids;

    private IncidentLog(long seed, Set<Incident> incidents, Writer out) {
        this.random = new Random(seed);
        this.incidents = incidents;
        this.out = out;
    }

    /** Writes the events to {@code file} (gzipped when its name ends in .gz) and returns it. */
    static Path write(Path file, long seed, Incident... incidents) throws IOException {
        return write(file, seed, MINUTES, 300, incidents);
    }

    /** As {@link #write(Path, long, Incident...)} with {@code perMinute} calls a minute per model over {@code minutes}. */
    static Path write(Path file, long seed, int minutes, int perMinute, Incident... incidents) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Set<Incident> set = incidents.length == 0 ? EnumSet.noneOf(Incident.class) : EnumSet.of(incidents[0], incidents);
        var stream = Files.newOutputStream(file);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(file.toString().endsWith(".gz")
                ? new GZIPOutputStream(stream, 1 << 16) : stream, StandardCharsets.UTF_8), 1 << 16)) {
            new IncidentLog(seed, set, w).run(minutes, perMinute);
        }
        return file;
    }

    private void run(int minutes, int perMinute) throws IOException {
        load(START.plusMillis(200), "fraud", "v1");
        load(START.plusMillis(900), "embed", "3");
        boolean v2 = incidents.contains(Incident.BAD_VERSION);
        if (v2) {
            load(START.plusSeconds(ONSET * 60L - 20), "fraud", "v2");
        }
        for (int m = 0; m < minutes; m++) {
            long minuteStart = START.toEpochMilli() + m * 60_000L;
            int fraudCalls = 0;
            int fraudErrors = 0;
            for (int i = 0; i < perMinute; i++) {
                long t = minuteStart + 1_000 + (long) (58_000.0 * i / perMinute) + random.nextInt(50);
                boolean after = m >= ONSET;
                if (!(incidents.contains(Incident.STOPPED) && m >= 40)) {
                    fraudCalls++;
                    fraudErrors += fraud(t, after, v2 && after ? "v2" : "v1") ? 1 : 0;
                }
                embed(t + 20, after);
            }
            if (incidents.contains(Incident.CRASH) && m == 45) {
                crash(minuteStart + 30_000);
            }
            stats(minuteStart, fraudCalls, fraudErrors, m);
            health(minuteStart + 60_000);
        }
    }

    private boolean fraud(long t, boolean after, String version) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("age", "amount", "country", "income"));
        double amount = Math.round(Math.exp(4 + 0.6 * random.nextGaussian()) * 100) / 100.0;
        if (after && incidents.contains(Incident.OUT_OF_RANGE) && random.nextDouble() < 0.2) {
            amount *= 50;
        }
        if (after && incidents.contains(Incident.DRIFT)) {
            amount *= 1.5;
        }
        boolean missing = after && incidents.contains(Incident.MISSING_FIELD) && random.nextDouble() < 0.25;
        if (missing) {
            names.remove("age");
        } else {
            values.put("age", 18 + random.nextInt(62));
        }
        values.put("amount", amount);
        boolean nan = after && incidents.contains(Incident.NAN_VALUES) && random.nextDouble() < 0.15;
        values.put("income", nan ? "NaN" : (Object) (20_000 + random.nextInt(80_000)));
        boolean failed = missing || random.nextDouble() < (version.equals("v2") ? 0.10 : 0.003);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "java.util.HashMap");
        input.put("num_fields", names.size());
        input.put("field_names", names);
        int size = 60 + random.nextInt(20);
        input.put("total_size_bytes", size);
        input.put("values", values);
        Map<String, Object> e = common(failed ? "prediction_failure" : "prediction_success", failed ? "ERROR" : "INFO", t, "http-nio-1");
        String id = requestId();
        if (!failed && random.nextDouble() < 0.001 && !incidents.contains(Incident.CRASH)) {
            request(t - 2, id, "request_start", 0);
        }
        e.put("request_id", id);
        e.put("target", "score");
        e.put("method", "com.acme.FraudModel#score");
        e.put("model_id", "fraud");
        e.put("model_version", version);
        e.put("input_hash", hash(random.nextInt(20) == 0 ? 7 : random.nextLong()));
        e.put("input_size", size);
        if (!failed) {
            e.put("output_hash", hash(random.nextLong()));
        }
        e.put("input_seen_before", random.nextDouble() < 0.05);
        e.put("latency_ms", ms(failed ? 0.3 : 2 + random.nextExponential()));
        e.put("input", input);
        e.put("sample_rate", 1.0);
        if (failed) {
            e.put("error_type", missing ? "com.acme.MissingFeatureException" : "java.lang.IllegalStateException");
            e.put("error_msg", missing ? "age is required" : "scoring failed");
        }
        line(e);
        if (e.containsKey("request_id") && !failed && id.endsWith("0")) {
            // a request end without start happens when the start was sampled out; harmless
        }
        return failed;
    }

    private void embed(long t, boolean after) throws IOException {
        int length = 10 + random.nextInt(991);
        double latency = (1 + length / 200.0) * Math.exp(0.25 * random.nextGaussian());
        if (after && length > 500 && incidents.contains(Incident.SLOW_LARGE_INPUTS)) {
            latency *= 6;
        }
        long minute = (t - START.toEpochMilli()) / 60_000;
        if (incidents.contains(Incident.LARGE_INPUT_BURST) && minute >= ONSET && minute < ONSET + 3
                && random.nextDouble() < 0.7) { // drawn only in the burst: logs without it are as they were
            length = 40_000;
            latency = 40 * (1 + 1_000 / 200.0) * Math.exp(0.25 * random.nextGaussian());
        }
        boolean failed = random.nextDouble() < 0.003;
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "float[]");
        input.put("list_length", length);
        input.put("item_types", List.of("float"));
        input.put("min", -1.0);
        input.put("max", 1.0);
        input.put("mean", 0.0);
        input.put("nan_count", 0);
        Map<String, Object> e = common(failed ? "prediction_failure" : "prediction_success", failed ? "ERROR" : "INFO", t, "worker-2");
        e.put("request_id", requestId());
        e.put("target", "embed");
        e.put("method", "com.acme.Embedder#embed");
        e.put("model_id", "embed");
        e.put("model_version", "3");
        e.put("input_hash", hash(random.nextLong()));
        e.put("input_size", length * 4L + 8);
        if (!failed) {
            e.put("output_hash", hash(random.nextLong()));
        }
        e.put("input_seen_before", false);
        e.put("latency_ms", ms(latency));
        e.put("input", input);
        e.put("sample_rate", 1.0);
        if (failed) {
            e.put("error_type", "java.lang.ArithmeticException");
        }
        line(e);
    }

    private void request(long t, String id, String event, double latency) throws IOException {
        Map<String, Object> e = common(event, "INFO", t, "http-nio-1");
        e.put("request_id", id);
        e.put("target", "api");
        e.put("method", "com.acme.Api#handle");
        if (latency > 0) {
            e.put("latency_ms", ms(latency));
        }
        e.put("sample_rate", 1.0);
        line(e);
        if (event.equals("request_start")) {
            Map<String, Object> end = common("request_success", "INFO", t, "http-nio-1");
            end.put("request_id", id);
            end.put("target", "api");
            end.put("method", "com.acme.Api#handle");
            end.put("latency_ms", ms(5));
            end.put("sample_rate", 1.0);
            line(end);
        }
    }

    private void crash(long t) throws IOException {
        for (int i = 0; i < 3; i++) {
            Map<String, Object> start = common("request_start", "INFO", t + i, "http-nio-" + i);
            start.put("request_id", "hung-request-" + i);
            start.put("target", "api");
            start.put("method", "com.acme.Api#handle");
            start.put("sample_rate", 1.0);
            line(start);
            Map<String, Object> e = common("inflight_at_crash", "ERROR", t + i, "http-nio-" + i);
            e.put("pid", 4343);
            e.put("crashed_pid", 4242);
            e.put("call", "predict");
            e.put("request_id", "crashed-request-" + i);
            e.put("target", "score");
            e.put("method", "com.acme.FraudModel#score");
            e.put("model_id", "fraud");
            e.put("model_version", "v1");
            line(e);
        }
    }

    private void load(Instant t, String model, String version) throws IOException {
        for (String event : new String[] {"model_load_start", "model_load_success"}) {
            Map<String, Object> e = common(event, "INFO", t.toEpochMilli(), "main");
            e.put("request_id", requestId());
            e.put("target", "loader");
            e.put("method", "com.acme.Registry#load");
            e.put("model_id", model);
            e.put("model_version", version);
            if (event.equals("model_load_success")) {
                e.put("load_time_ms", 812.001);
                e.put("memory_mb", 153.25);
                e.put("memory_method", "heap_delta");
            }
            line(e);
        }
    }

    private void stats(long windowStart, int calls, int errors, int minute) throws IOException {
        Map<String, Object> e = common("model_stats", "INFO", windowStart + 60_004, "predlog-stats");
        e.put("target", "score");
        e.put("model_id", "fraud");
        e.put("model_version", "v1");
        e.put("window_start", Instant.ofEpochMilli(windowStart).toString());
        e.put("window_end", Instant.ofEpochMilli(windowStart + 60_000).toString());
        e.put("window_s", 60.0);
        e.put("calls", calls);
        e.put("errors", errors);
        if (minute >= 5) {
            boolean drifting = incidents.contains(Incident.DRIFT) && minute >= ONSET;
            e.put("drift", Map.of("amount", Map.of("psi", drifting ? 0.31 : 0.01 + random.nextDouble() * 0.02,
                    "ks", drifting ? 0.2 : 0.02), "age", Map.of("psi", 0.01 + random.nextDouble() * 0.02)));
            if (drifting && minute == ONSET) {
                Map<String, Object> d = common("drift_detected", "WARN", windowStart + 60_005, "predlog-stats");
                d.put("target", "score");
                d.put("model_id", "fraud");
                d.put("model_version", "v1");
                d.put("feature", "amount");
                d.put("metric", "psi");
                d.put("value", 0.31);
                d.put("threshold", 0.1);
                d.put("severity", "significant");
                d.put("baseline", Map.of("source", "learned", "calls", 5000, "count", 5000));
                d.put("window", Map.of("start", Instant.ofEpochMilli(windowStart).toString(),
                        "end", Instant.ofEpochMilli(windowStart + 60_000).toString(), "count", calls));
                d.put("top_moved_bins", List.of(Map.of("lower", 80.0, "baseline", 0.1, "window", 0.3)));
                line(d);
            }
        }
        line(e);
    }

    private void health(long t) throws IOException {
        Map<String, Object> e = common("agent_health", "INFO", t, "predlog-dispatcher");
        e.put("uptime_ms", (double) (t - START.toEpochMilli()));
        e.put("events_offered", 0);
        e.put("events_written", 0);
        e.put("events_sampled_out", 0);
        e.put("events_shed", 0);
        e.put("events_dropped", 0);
        e.put("dropped", Map.of("queue_full", 0, "sink_error", Map.of(), "encode_error", 0, "after_shutdown", 0));
        e.put("sink_failures", Map.of());
        e.put("queue_depth", 0);
        e.put("queue_capacity", 65536);
        line(e);
    }

    private Map<String, Object> common(String event, String level, long t, String thread) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", event);
        e.put("level", level);
        e.put("timestamp", Instant.ofEpochMilli(t).toString().replaceFirst(":(\\d\\d)Z$", ":$1.000Z"));
        e.put("schema", 1);
        e.put("service", "scoring");
        e.put("host", "host-1");
        e.put("pid", 4242);
        e.put("thread", thread);
        return e;
    }

    private String requestId() {
        return String.format(Locale.ROOT, "%016x%016x", 0x5eedL, ++ids);
    }

    private static String hash(long h) {
        return String.format(Locale.ROOT, "%016x", h);
    }

    private static double ms(double v) {
        return Math.max(0.001, Math.round(v * 1000) / 1000.0);
    }

    private void line(Map<String, Object> e) throws IOException {
        out.write(JSON.writeValueAsString(e));
        out.write('\n');
    }
}
