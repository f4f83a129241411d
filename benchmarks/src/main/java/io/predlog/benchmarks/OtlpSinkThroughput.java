package io.predlog.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkFactories;
import io.predlog.agent.sink.SinkSettings;
import io.predlog.agent.sink.spool.Spool;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Throughput of the {@code otlp} sink into an OTLP/HTTP endpoint on the loopback interface, and of the spool that
 * keeps events while an endpoint is away (docs/SINKS.md; figures in docs/PERFORMANCE.md, "Fleet sinks").
 *
 * <ul>
 *   <li>{@code burst}: one thread (the dispatcher's role) writes pre-encoded batches of prediction events as
 *       fast as {@code write} returns, with a spool, so that nothing is lost; the rate is the events the endpoint
 *       has decoded, counted as it answers, over the time until the last one arrived;</li>
 *   <li>{@code paced}: without a spool, the same events at fixed rates for a few seconds each, then flat out; the
 *       events the sink counts lost (its memory bound, {@code predlog.otlp.queue.max_events}, overflowing) tell
 *       the rate at which drops begin;</li>
 *   <li>{@code spool}: the spool alone, appending event lines and reading them back in the sender's batches.</li>
 * </ul>
 *
 * <p>The endpoint answers every request 200 at once after counting its log records (a walk of the protobuf
 * message, no generated classes), so the figures are the sink's (mapping, protobuf encoding, gzip, HTTP) on one
 * sender thread, with the endpoint on the same two cores.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/predlog-agent-shaded.jar:sinks/otlp/target/predlog-otlp-sink.jar \
 *      io.predlog.benchmarks.OtlpSinkThroughput [events [burst,paced,spool]]
 * </pre>
 * ({@code java -jar benchmarks/target/predlog-benchmarks.jar otlp} runs the same in a child JVM.)
 */
public final class OtlpSinkThroughput {

    static final int BATCH = 1024;
    static final ProcessInfo PROCESS = new ProcessInfo("fraud-scorer", "host-1", 4242);
    private static final SplittableRandom RANDOM = new SplittableRandom(42);

    private OtlpSinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String parts = args.length > 1 ? args[1] : "burst,paced,spool";
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        EncodedBatch[] batches = batches();
        System.out.printf("events: %,.0f B each as JSON lines%n", batches[0].byteLength() / (double) BATCH);
        try (Endpoint endpoint = Endpoint.start()) {
            for (String compression : parts.contains("burst") ? List.of("gzip", "none") : List.<String>of()) {
                for (int round = 0; round < 3; round++) { // the first round warms up
                    delivered(endpoint, batches, events, compression, round == 0);
                }
            }
            for (int pass = 0; parts.contains("paced") && pass < 2; pass++) { // the first pass warms up
                System.out.println(pass == 0 ? "(warming up)" : "(measured)");
                for (int rate : new int[] {25_000, 50_000, 100_000, 200_000}) {
                    paced(endpoint, batches, rate, 5);
                }
                paced(endpoint, batches, 0, 2);
            }
        }
        for (int round = 0; parts.contains("spool") && round < 3; round++) {
            spool(batches, events, round == 0);
        }
    }

    /** 64 batches of {@value #BATCH} prediction events each, with random 128-bit request ids (incompressible). */
    static EncodedBatch[] batches() throws IOException {
        EventJsonEncoder encoder = new EventJsonEncoder(PROCESS);
        EncodedBatch[] batches = new EncodedBatch[64];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new EncodedBatch(BATCH, 512 * 1024);
            for (int i = 0; i < BATCH; i++) {
                long n = (long) b * BATCH + i;
                PredictionEvent e = new PredictionEvent(1795747680123L + n, "http-nio-" + (n % 8),
                        String.format("%016x%016x", RANDOM.nextLong(), RANDOM.nextLong()), "score",
                        "com.acme.fraud.FraudModel#predict", "fraud", "2026-11-01", null, null, null,
                        0.5 + (n % 997) / 1000.0, null, null, 1.0);
                encoder.encode(e, batches[b].appender());
                batches[b].commit(e);
            }
        }
        return batches;
    }

    /** The {@code otlp} sink, made as the agent makes it: through its factory, from agent arguments. */
    private static Sink sink(Endpoint endpoint, String... keys) {
        StringBuilder args = new StringBuilder("sinks=otlp,otlp.endpoint=" + endpoint.url());
        for (String key : keys) {
            args.append(',').append(key);
        }
        return sink(args.toString());
    }

    /** The one sink {@code agentArgs} names, made as the agent makes it: through its factory. */
    static Sink sink(String agentArgs) {
        SinkFactories factories = SinkFactories.load();
        ConfigResult result = ConfigLoader.load(agentArgs, new Properties(), java.util.Map.of(), "bench",
                factories.names());
        if (result.config() == null) {
            throw new IllegalStateException("bad settings " + agentArgs + ": " + result.errors());
        }
        return factories.create(result.config().sinks(),
                new SinkSettings(result.config(), PROCESS, SinkSettings.NO_CLASS_LOADS)).get(0);
    }

    private static void delivered(Endpoint endpoint, EncodedBatch[] batches, long events, String compression,
                                  boolean warmUp) throws Exception {
        Path spoolDir = Files.createTempDirectory("predlog-otlp-bench");
        Sink sink = sink(endpoint, "otlp.spool.dir=" + spoolDir, "otlp.spool.max_mb=4096",
                "otlp.compression=" + compression);
        long before = endpoint.records.get();
        long start = System.nanoTime();
        long n = 0;
        for (int b = 0; n < events; b++) {
            sink.write(batches[b & (batches.length - 1)]);
            n += BATCH;
        }
        long handedOver = System.nanoTime();
        while (endpoint.records.get() - before < n) {
            Thread.sleep(1);
        }
        long arrived = System.nanoTime();
        sink.close();
        delete(spoolDir);
        if (!warmUp) {
            double seconds = (arrived - start) / 1e9;
            System.out.printf("burst with a spool (compression %s): %,d events in %.2f s = %,.0f events/s at the "
                            + "endpoint; write() took %.2f s for all (%,.0f events/s handed over)%n",
                    compression, n, seconds, n / seconds, (handedOver - start) / 1e9,
                    n / ((handedOver - start) / 1e9));
        }
    }

    /**
     * Without a spool, {@code rate} events a second for {@code seconds} (0: as fast as {@code write} returns, for
     * {@code seconds} million events); then waits until every event arrived or was counted lost.
     */
    private static void paced(Endpoint endpoint, EncodedBatch[] batches, int rate, int seconds) throws Exception {
        Sink sink = sink(endpoint, "otlp.spool.max_mb=0");
        long before = endpoint.records.get();
        long perBatch = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * BATCH / rate;
        long total = rate == 0 ? seconds * 1_000_000L : (long) rate * seconds;
        long start = System.nanoTime();
        long n = 0;
        long lost = 0;
        for (int b = 0; n < total; b++) {
            long due = start + b * perBatch;
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
            }
            try {
                sink.write(batches[b & (batches.length - 1)]);
            } catch (LostEventsException e) { // the batch was taken; earlier events were lost
                lost += e.lostEvents();
            }
            n += BATCH;
        }
        long offered = System.nanoTime();
        long deadline = offered + TimeUnit.SECONDS.toNanos(60);
        while (endpoint.records.get() - before + lost < n && System.nanoTime() < deadline) {
            try {
                sink.flush();
            } catch (LostEventsException e) {
                lost += e.lostEvents();
            }
            Thread.sleep(1);
        }
        long drained = System.nanoTime();
        sink.close();
        long arrived = endpoint.records.get() - before;
        double offeredSeconds = (offered - start) / 1e9;
        System.out.printf("%s, no spool: %,d events offered at %,.0f/s; %,d lost (%.2f %%), %,d arrived "
                        + "(%,d more than were kept: re-sent), the last %.2f s after the offers ended%n",
                rate == 0 ? "flat out" : String.format("paced at %,d events/s", rate), n, n / offeredSeconds, lost,
                100.0 * lost / n, arrived, arrived - (n - lost), (drained - offered) / 1e9);
    }

    private static void spool(EncodedBatch[] batches, long events, boolean warmUp) throws IOException {
        Path dir = Files.createTempDirectory("predlog-spool-bench");
        Spool spool = Spool.open(dir, 8L << 30);
        long bytes = 0;
        long start = System.nanoTime();
        long n = 0;
        for (int b = 0; n < events; b++) {
            EncodedBatch batch = batches[b & (batches.length - 1)];
            for (int i = 0; i < batch.size(); i++) {
                spool.append(batch.array(), batch.offset(i), batch.length(i));
                bytes += batch.length(i);
            }
            n += batch.size();
        }
        spool.sync();
        long appended = System.nanoTime();
        long read = 0;
        while (!spool.isEmpty()) {
            List<byte[]> records = spool.peek(512, 4 << 20);
            read += records.size();
            spool.remove(records.size());
        }
        long replayed = System.nanoTime();
        spool.close();
        delete(dir);
        if (!warmUp) {
            double in = (appended - start) / 1e9;
            double out = (replayed - appended) / 1e9;
            System.out.printf("spool: appended %,d events (%,.0f MB) in %.2f s = %,.0f events/s, %.0f MB/s, synced; "
                            + "read back and removed %,d in %.2f s = %,.0f events/s%n", n, bytes / 1e6, in, n / in,
                    bytes / 1e6 / in, read, out, read / out);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** An OTLP/HTTP endpoint on the loopback interface that counts the log records of each request and answers 200. */
    private static final class Endpoint implements AutoCloseable {

        final AtomicLong records = new AtomicLong();
        private final HttpServer server;

        private Endpoint(HttpServer server) {
            this.server = server;
        }

        static Endpoint start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            Endpoint endpoint = new Endpoint(server);
            server.createContext("/v1/logs", exchange -> {
                try (exchange) {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                        body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                    }
                    endpoint.records.addAndGet(logRecords(body));
                    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return endpoint;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
        }

        /**
         * The log records of an {@code ExportLogsServiceRequest}: field 1 (ResourceLogs) holds field 2 (ScopeLogs),
         * which holds field 2 (LogRecord), each length-delimited.
         */
        static long logRecords(byte[] message) {
            long n = 0;
            for (int[] resource : fields(message, 0, message.length, 1)) {
                for (int[] scope : fields(message, resource[0], resource[1], 2)) {
                    n += fields(message, scope[0], scope[1], 2).size();
                }
            }
            return n;
        }

        /** The [start, end) of each length-delimited field numbered {@code number} in {@code b[from, to)}. */
        private static List<int[]> fields(byte[] b, int from, int to, int number) {
            List<int[]> out = new java.util.ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                long key = varint(b, at);
                int type = (int) (key & 7);
                switch (type) {
                    case 0 -> varint(b, at);
                    case 1 -> at[0] += 8;
                    case 5 -> at[0] += 4;
                    case 2 -> {
                        int length = (int) varint(b, at);
                        if ((key >>> 3) == number) {
                            out.add(new int[] {at[0], at[0] + length});
                        }
                        at[0] += length;
                    }
                    default -> throw new IllegalArgumentException("wire type " + type);
                }
            }
            return out;
        }

        private static long varint(byte[] b, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[at[0]++];
                value |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return value;
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
