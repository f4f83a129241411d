package io.predlog.sample;

import io.predlog.sample.json.Json;
import io.predlog.sample.workload.InputGenerator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a realistic mix of requests to a running sample service for a while and prints how they
 * were answered: mostly valid predictions (some inputs repeated), a model version switch halfway,
 * and the malformed, unknown, incomplete and oversized requests that real clients send. About half
 * the requests carry an {@code X-Request-ID}.
 *
 * <pre>java -cp predlog-sample-app.jar io.predlog.sample.TrafficDriver --url http://127.0.0.1:PORT --seconds 20 --seed 42</pre>
 *
 * Other options: {@code --concurrency N} (default 4) and {@code --rate R} requests per second in
 * total (default 60; 0 = as fast as possible). Exits 1 when no request succeeded.
 */
public final class TrafficDriver {
    private static final String[] MALFORMED = {
        "{\"model\":\"churn\",\"input\":{",
        "not json at all",
        "{\"model\":\"churn\" \"input\":{}}",
        "[1, 2,",
        "",
        "{\"model\":\"embed-sim\",\"input\":[0.1, 0.2,,]}",
    };

    private final URI base;
    private final HttpClient client;
    private final long seed;
    private final InputGenerator gen;
    private final List<Map<String, Object>> customers = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean switched = new AtomicBoolean();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    private TrafficDriver(URI base, long seed) {
        this.base = base;
        this.seed = seed;
        this.gen = new InputGenerator(seed);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One planned request. */
    private record Call(String kind, String method, String path, String body, String requestId) {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = "http://127.0.0.1:8080";
        double seconds = 20;
        long seed = 42;
        int concurrency = 4;
        double rate = 60;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--url": url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value; break;
                    case "--seconds": seconds = Double.parseDouble(value); break;
                    case "--seed": seed = Long.parseLong(value); break;
                    case "--concurrency": concurrency = Integer.parseInt(value); break;
                    case "--rate": rate = Double.parseDouble(value); break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("traffic-driver: " + e.getMessage());
            System.err.println("usage: TrafficDriver --url http://127.0.0.1:PORT [--seconds 20] [--seed 42]"
                    + " [--concurrency 4] [--rate 60]");
            System.exit(2);
            return;
        }
        TrafficDriver driver = new TrafficDriver(URI.create(url), seed);
        if (!driver.awaitHealthy(Duration.ofSeconds(15))) {
            System.err.println("traffic-driver: no healthy service at " + url);
            System.exit(1);
            return;
        }
        long ok = driver.run(seconds, Math.max(1, concurrency), rate);
        System.exit(ok > 0 ? 0 : 1);
    }

    private boolean awaitHealthy(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    private long run(double seconds, int concurrency, double rate) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long half = start + (long) (seconds * 0.5e9);
        long intervalNanos = rate > 0 ? (long) (concurrency * 1e9 / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                long next = System.nanoTime();
                while (System.nanoTime() < end) {
                    if (System.nanoTime() >= half && switched.compareAndSet(false, true)) {
                        switchVersions();
                    }
                    send(plan());
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "traffic-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = byStatus.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.printf("traffic-driver: %d requests in %.1f s (%.1f/s), seed %d%n", total, elapsed, total / elapsed, seed);
        System.out.println("  by status: " + summary(byStatus));
        System.out.println("  by kind:   " + summary(byKind));
        LongAdder ok = byStatus.get("200");
        return ok == null ? 0 : ok.sum();
    }

    /** Halfway: v1 -> v2 for both models, plus the two loads that fail (unknown and corrupt version). */
    private void switchVersions() {
        System.out.println("traffic-driver: switching churn and embed-sim to v2");
        send(load("churn", "v2"));
        send(load("churn", "v9"));
        send(load("churn", "v3-corrupt"));
        send(load("embed-sim", "v2"));
        send(new Call("list_models", "GET", "/models", null, requestId()));
    }

    private Call load(String model, String version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("version", version);
        return new Call("load_model", "POST", "/models/load", Json.write(body), requestId());
    }

    /** Picks the next request; synchronized because the generator is shared and not thread-safe. */
    private synchronized Call plan() {
        double pick = gen.random().nextDouble() * 100;
        String id = requestId();
        if (pick < 40) {
            Map<String, Object> c = gen.customer();
            customers.add(c);
            return predict("tabular", "churn", c, id);
        } else if (pick < 50 && !customers.isEmpty()) {
            return predict("tabular_repeat", "churn", customers.get(gen.random().nextInt(customers.size())), id);
        } else if (pick < 75) {
            float[] v = gen.vector();
            vectors.add(v);
            return predict("vector", "embed-sim", v, id);
        } else if (pick < 80 && !vectors.isEmpty()) {
            return predict("vector_repeat", "embed-sim", vectors.get(gen.random().nextInt(vectors.size())), id);
        } else if (pick < 83) {
            return new Call("malformed_json", "POST", "/predict", MALFORMED[gen.random().nextInt(MALFORMED.length)], id);
        } else if (pick < 86) {
            return predict("unknown_model", gen.random().nextBoolean() ? "fraud" : "churn-v2", gen.customer(), id);
        } else if (pick < 90) {
            return predict("missing_feature", "churn", gen.customerMissingFeature(), id);
        } else if (pick < 92) {
            return predict("wrong_type", "churn", gen.customerWithWrongType(), id);
        } else if (pick < 95) {
            int dim = gen.random().nextBoolean() ? 32 : 65;
            return predict("wrong_length", "embed-sim", gen.vector(dim), id);
        } else if (pick < 97) {
            return predict("heavy", "churn", gen.heavyCustomer(2000 + gen.random().nextInt(3000)), id);
        } else if (pick < 98.5) {
            return new Call("list_models", "GET", "/models", null, id);
        } else {
            return new Call("health", "GET", "/health", null, id);
        }
    }

    private static Call predict(String kind, String model, Object input, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", input);
        return new Call(kind, "POST", "/predict", Json.write(body), requestId);
    }

    /** About half the requests carry an id; a few carry one too long for an agent to adopt. */
    private String requestId() {
        long n = sequence.incrementAndGet();
        synchronized (this) {
            double pick = gen.random().nextDouble();
            if (pick < 0.48) {
                return String.format("drv-%d-%06d", seed, n);
            }
            if (pick < 0.50) {
                return "drv-too-long-" + "x".repeat(180);
            }
            return null;
        }
    }

    private void send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (call.requestId() != null) {
            request.header("X-Request-ID", call.requestId());
        }
        if (call.body() != null) {
            request.method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        String status;
        try {
            status = String.valueOf(client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            status = "io_error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "interrupted";
        }
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
        byKind.computeIfAbsent(call.kind(), k -> new LongAdder()).increment();
    }

    private static String summary(Map<String, LongAdder> counts) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v.sum()));
        return sb.toString();
    }
}
