package io.predlog.benchmarks.wholeprocess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP case: the sample service ({@code sample-app}) in its own JVM, driven from the harness by closed-loop
 * clients sending valid {@code POST /predict} requests for the churn model (18 features) for a warm-up, then a
 * measured interval. Reads the service's CPU and memory from {@code /proc/<pid>} and stops it with SIGTERM, so an
 * agent writes what it still holds at exit.
 */
final class HttpLoad {

    /** Clients, warm-up and measured time. */
    record Settings(int clients, long warmupMs, long measureMs) {
    }

    private static final String[] PLANS = {"basic", "standard", "premium", "enterprise"};
    private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "IN", "BR", "JP", "CA", "MX", "NL"};

    private HttpLoad() {
    }

    static Map<String, Double> run(List<String> javaAndOptions, Path sampleJar, Path stderr, Settings settings)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(javaAndOptions);
        command.addAll(List.of("-jar", sampleJar.toString(), "--port", String.valueOf(port)));
        long start = System.nanoTime();
        Process service = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            double readyMs = awaitHealthy(client, base, service, start);
            List<String> bodies = bodies(256, new Random(42));
            Path proc = Path.of("/proc", String.valueOf(service.pid()));
            long measureFrom = System.nanoTime() + settings.warmupMs() * 1_000_000;
            long end = measureFrom + settings.measureMs() * 1_000_000;
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long[][] latencies = new long[settings.clients()][];
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                int index = c;
                Thread thread = new Thread(() -> latencies[index] = drive(client, base, bodies, index, measureFrom,
                        end, ok, failed), "http-client-" + c);
                clients.add(thread);
                thread.start();
            }
            while (System.nanoTime() < measureFrom) {
                Thread.sleep(5);
            }
            long cpuBefore = ProcSelf.statCpuTicks(ProcSelf.read(proc.resolve("stat")));
            long jitBefore = LoopWorkload.jitNanos(ProcSelf.threads(proc.resolve("task")));
            for (Thread thread : clients) {
                thread.join();
            }
            long cpuAfter = ProcSelf.statCpuTicks(ProcSelf.read(proc.resolve("stat")));
            long jit = LoopWorkload.jitNanos(ProcSelf.threads(proc.resolve("task"))) - jitBefore;
            double hwm = ProcSelf.statusKb(ProcSelf.read(proc.resolve("status")), "VmHWM") / 1024.0;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            if (all.length == 0) {
                throw new IllegalStateException("no request answered 200 in the measured interval; see " + stderr);
            }
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("ready_ms", readyMs);
            result.put("req_per_s", all.length / (settings.measureMs() / 1000.0));
            result.put("p50_ms", Medians.percentile(all, 50) / 1e6);
            result.put("p99_ms", Medians.percentile(all, 99) / 1e6);
            result.put("cpu_us_per_req", (cpuAfter - cpuBefore) * ProcSelf.NANOS_PER_TICK / 1000.0 / all.length);
            result.put("jit_us_per_req", jit / 1000.0 / all.length);
            result.put("warmup_jit_ms", jitBefore / 1e6);
            result.put("hwm_mb", hwm);
            result.put("calls", (double) ok.get());
            result.put("failures", (double) failed.get());
            return result;
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
    }

    /** One closed-loop client: the latencies (ns) of its answered requests inside the measured interval. */
    private static long[] drive(HttpClient client, URI base, List<String> bodies, int index, long measureFrom,
                                long end, AtomicLong ok, AtomicLong failed) {
        long[] mine = new long[1 << 12];
        int n = 0;
        for (int i = index; System.nanoTime() < end; i += 7) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/predict")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                long took = System.nanoTime() - sent;
                if (response.statusCode() != 200) {
                    failed.incrementAndGet();
                    continue;
                }
                ok.incrementAndGet();
                if (sent >= measureFrom) {
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Arrays.copyOf(mine, n);
    }

    private static double awaitHealthy(HttpClient client, URI base, Process service, long start)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the sample service exited with " + service.exitValue());
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return (System.nanoTime() - start) / 1e6;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the sample service did not answer /health within 90 s");
    }

    /** Churn rows with the sample model's 18 features, as {@code {"model":"churn","input":{…}}} bodies. */
    static List<String> bodies(int count, Random random) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int tenure = 1 + random.nextInt(72);
            double monthly = 20 + random.nextDouble() * 100;
            bodies.add(String.format(Locale.ROOT, "{\"model\":\"churn\",\"input\":{\"tenure_months\":%d,"
                            + "\"monthly_charges\":%.2f,\"total_charges\":%.2f,\"support_tickets\":%d,"
                            + "\"logins_last_30d\":%d,\"avg_session_minutes\":%.2f,\"days_since_last_login\":%d,"
                            + "\"num_devices\":%d,\"late_payments\":%d,\"discount_pct\":%.1f,\"data_usage_gb\":%.2f,"
                            + "\"contract_months_remaining\":%d,\"referrals\":%d,\"age\":%d,\"nps_score\":%d,"
                            + "\"feature_adoption\":%.2f,\"plan\":\"%s\",\"country\":\"%s\"}}",
                    tenure, monthly, tenure * monthly, random.nextInt(4), random.nextInt(40),
                    2 + random.nextDouble() * 45, random.nextInt(30), 1 + random.nextInt(5), random.nextInt(3),
                    5.0 * random.nextInt(7), random.nextDouble() * 50, random.nextInt(25), random.nextInt(3),
                    18 + random.nextInt(60), random.nextInt(11), random.nextDouble(),
                    PLANS[random.nextInt(PLANS.length)], COUNTRIES[random.nextInt(COUNTRIES.length)]));
        }
        return bodies;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
