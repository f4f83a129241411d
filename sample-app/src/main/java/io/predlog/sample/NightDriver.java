package io.predlog.sample;

import io.predlog.sample.json.Json;
import io.predlog.sample.workload.BadNight;
import io.predlog.sample.workload.BadNight.Incident;
import io.predlog.sample.workload.BadNight.Phase;
import io.predlog.sample.workload.BadNight.Request;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends one act of the demo's bad night ({@link BadNight}) to a running sample service: the act's phases
 * one after the other, each {@code --seconds / 7} long, every request with an {@code X-Request-ID}
 * ({@code night-<seed>-<n>}). Before the first phase the service is warmed up: calm traffic until it has answered
 * {@link #WARM_UP_ANSWERS} requests (a service meets its night warm, not in the first seconds of its JVM). The
 * act's first phase then runs until a multiple of the phase length in UTC at least one phase length away, and
 * every later phase starts on such a multiple: the agent aligns its statistics windows the same way, so with
 * windows a phase long each window holds one phase, not the end of one and the start of the next. Prints
 * each phase as it starts (UTC), the request that opens it and how it was answered, and at the end the answers
 * per phase. Act 1 ends early once the service is gone (the
 * hostile input kills it). {@code --act all} sends both acts in one run (a night without the crash). Loopback traffic
 * only; stops by itself.
 *
 * <pre>java -cp predlog-sample-app.jar io.predlog.sample.NightDriver --url http://127.0.0.1:PORT --act 1 --seconds 60 --seed 42</pre>
 *
 * Other options: {@code --incidents LIST} the incidents planted ({@code all}, the default; {@code none} for a
 * clean night; or a comma list of {@code latency,version,drift,crash,wedge}: a phase whose incident is left out
 * carries calm traffic), {@code --concurrency N} (default 4), {@code --rate R} requests per second in total
 * (default 80). Exits 2 on a bad argument, 1 when no request of the act succeeded.
 */
public final class NightDriver {
    /** The phases of both acts together; each phase gets this share of {@code --seconds}. */
    private static final int PHASES = Phase.values().length;
    /** Requests the service answers before the first phase. */
    static final int WARM_UP_ANSWERS = 40;

    private final URI base;
    private final long seed;
    private final BadNight night;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Phase, Map<String, LongAdder>> answers = new EnumMap<>(Phase.class);
    private volatile Phase current;
    private volatile boolean stopped;

    private NightDriver(URI base, long seed, Set<Incident> incidents) {
        this.base = base;
        this.seed = seed;
        this.night = new BadNight(seed, incidents);
        for (Phase phase : Phase.values()) {
            answers.put(phase, new ConcurrentHashMap<>());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String url = null;
        int act = 0;
        double seconds = 60;
        long seed = 42;
        int concurrency = 4;
        double rate = 80;
        Set<Incident> incidents = Set.of(Incident.values());
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--url": url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value; break;
                    case "--act": act = value.equals("all") ? 0 : Integer.parseInt(value); break;
                    case "--seconds": seconds = Double.parseDouble(value); break;
                    case "--seed": seed = Long.parseLong(value); break;
                    case "--concurrency": concurrency = Integer.parseInt(value); break;
                    case "--rate": rate = Double.parseDouble(value); break;
                    case "--incidents": incidents = Incident.parse(value); break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("--url is required");
            }
            if (act < 0 || act > 2) {
                throw new IllegalArgumentException("--act must be 1, 2 or all, got " + act);
            }
            if (!(seconds >= 7 && seconds <= 3600)) {
                throw new IllegalArgumentException("--seconds must be between 7 and 3600, got " + seconds);
            }
            if (concurrency < 1 || concurrency > 64 || !(rate > 0 && rate <= 10_000)) {
                throw new IllegalArgumentException("--concurrency must be 1..64 and --rate in (0, 10000]");
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("night-driver: " + e.getMessage());
            System.err.println("usage: NightDriver --url http://127.0.0.1:PORT --act 1|2|all [--seconds 60] [--seed 42]"
                    + " [--incidents all|none|latency,version,drift,crash,wedge] [--concurrency 4] [--rate 80]");
            System.exit(2);
            return;
        }
        NightDriver driver = new NightDriver(URI.create(url), seed, incidents);
        long ok = driver.runAct(act, seconds / PHASES, concurrency, rate);
        System.exit(ok > 0 ? 0 : 1);
    }

    private long runAct(int act, double phaseSeconds, int concurrency, double rate) throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            if (act == 0 || phase.act() == act) {
                phases.add(phase);
            }
        }
        current = phases.get(0);
        warmUp(concurrency, Duration.ofSeconds(60));
        long intervalNanos = (long) (concurrency * 1e9 / rate);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread worker = new Thread(() -> {
                long next = System.nanoTime();
                while (!stopped) {
                    Phase phase = current;
                    send(phase, night.next(phase));
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else {
                        next = System.nanoTime(); // behind (a slow answer): no burst to catch up
                    }
                }
            }, "night-" + t);
            workers.add(worker);
        }
        // the new client of a phase (BadNight#newClient): its own connections, one request after the other on each
        for (int c = 0; c < BadNight.NEW_CLIENT_CONNECTIONS; c++) {
            workers.add(new Thread(() -> {
                while (!stopped) {
                    Phase phase = current;
                    Optional<Request> request = night.newClient(phase);
                    if (request.isPresent()) {
                        send(phase, request.get());
                    } else {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "night-new-client-" + c));
        }
        long phaseNanos = (long) (phaseSeconds * 1e9);
        long phaseMillis = Math.max(1, phaseNanos / 1_000_000);
        long now = System.currentTimeMillis();
        // the first phase ends on a multiple of the phase length in UTC, so later phases start on one
        long firstEnd = Math.floorDiv(now + phaseMillis + phaseMillis - 1, phaseMillis) * phaseMillis;
        long start = System.nanoTime() + (firstEnd - now - phaseMillis) * 1_000_000;
        boolean started = false;
        for (int i = 0; i < phases.size() && !stopped; i++) {
            Phase phase = phases.get(i);
            current = phase;
            boolean quiet = Incident.in(phase).isPresent() && !night.plants(phase);
            System.out.printf("night-driver: %s phase %-13s %s%n", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    phase.label(), quiet ? "calm traffic (its incident is left out)" : phase.story());
            Optional<Request> opening = night.opening(phase);
            if (opening.isPresent()) {
                String id = requestId();
                String status = send(phase, opening.get(), id);
                System.out.printf("night-driver:   %s %s as X-Request-ID %s -> %s%n",
                        opening.get().kind(), opening.get().path(), id, status);
                if (phase == Phase.HOSTILE && !awaitDown(Duration.ofSeconds(10))) {
                    System.out.println("night-driver:   the service is still up after the hostile input");
                }
            }
            if (!started) {
                workers.forEach(Thread::start);
                started = true;
            }
            long phaseEnd = start + (i + 1) * phaseNanos;
            while (!stopped && System.nanoTime() < phaseEnd) {
                if (phase == Phase.HOSTILE && !healthy()) {
                    System.out.printf("night-driver: %s the service is gone; act 1 ends%n",
                            Instant.now().truncatedTo(ChronoUnit.MILLIS));
                    stopped = true;
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(200, (phaseEnd - System.nanoTime()) / 1_000_000)));
            }
        }
        stopped = true;
        for (Thread worker : workers) {
            worker.join(15_000); // a request waits at most its 10 s timeout
        }
        long ok = 0;
        for (Phase phase : phases) {
            Map<String, LongAdder> counts = answers.get(phase);
            ok += counts.getOrDefault("200", new LongAdder()).sum();
            System.out.printf("night-driver:   %-13s %s%n", phase.label(), summary(counts));
        }
        return ok;
    }

    /** Sends calm traffic, not counted in any phase, until the service has answered {@link #WARM_UP_ANSWERS} requests. */
    private void warmUp(int concurrency, Duration patience) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        AtomicLong answered = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                while (answered.get() < WARM_UP_ANSWERS && System.nanoTime() < deadline) {
                    if (send(null, night.next(Phase.CALM), requestId()).equals("200")) {
                        answered.incrementAndGet();
                    }
                }
            }, "night-warm-up-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("night-driver: %s warm-up: %d requests answered in %.1f s%n",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), answered.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Whether the service is gone within the patience (the hostile input's process dies). */
    private boolean awaitDown(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!healthy()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private boolean healthy() {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String requestId() {
        return String.format("night-%d-%06d", seed, sequence.incrementAndGet());
    }

    private void send(Phase phase, Request request) {
        send(phase, request, requestId());
    }

    /** Sends one request and counts its answer under the phase (none: the warm-up); returns the status, or {@code io_error}. */
    private String send(Phase phase, Request request, String requestId) {
        HttpRequest.Builder http = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", requestId);
        if (request.body() != null) {
            http.method(request.method(), HttpRequest.BodyPublishers.ofString(Json.write(request.body())));
        } else {
            http.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        String status;
        try {
            status = String.valueOf(client.send(http.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            status = "io_error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "interrupted";
        }
        if (phase != null) {
            answers.get(phase).computeIfAbsent(status, k -> new LongAdder()).increment();
        }
        return status;
    }

    private static String summary(Map<String, LongAdder> counts) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v.sum()));
        return sb.length() == 0 ? "(no requests)" : sb.toString();
    }
}
