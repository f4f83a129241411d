package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.file.FileSinkSettings;
import io.predlog.agent.sink.file.RollingFileSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Throughput of the rolling, compressing {@code file} sink, and bytes on disk per event once gzipped.
 *
 * <ul>
 *   <li>{@code sink}: one thread (the dispatcher's role) writes pre-encoded batches of {@value #BATCH} events
 *       into {@link RollingFileSink}, files rolling at 8 MiB and gzipped by its maintenance thread meanwhile;</li>
 *   <li>{@code pipeline}: one producer thread offers events to the real {@link EventPipeline} (JSON encoding on
 *       the dispatcher included) in front of the same sink; then again with events that carry a captured input of
 *       18 full-precision features and an output ({@code pipeline with input}).</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/predlog-agent-shaded.jar \
 *      io.predlog.benchmarks.FileSinkBenchmark [events [pipeline]]
 * </pre>
 * ({@code java -jar benchmarks/target/predlog-benchmarks.jar sink} runs the same in a child JVM; {@code pipeline}
 * as second argument runs the two pipeline rows only.)
 */
public final class FileSinkBenchmark {

    static final int BATCH = 1024;
    private static final ProcessInfo PROCESS = new ProcessInfo("fraud-scorer", "host-1", 4242);

    private FileSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        boolean pipelineOnly = args.length > 1 && args[1].equals("pipeline");
        for (int round = 0; !pipelineOnly && round < 3; round++) { // the first round warms up
            sinkOnly(events, round == 0);
        }
        pipeline(events, false);
        pipeline(events, true);
    }

    private static final java.util.SplittableRandom RANDOM = new java.util.SplittableRandom(42);

    /** A prediction event as the agent writes it, with a random 128-bit request id (incompressible, as in life). */
    private static PredictionEvent event(long n) {
        String id = String.format("%016x%016x", RANDOM.nextLong(), RANDOM.nextLong());
        return new PredictionEvent(1795747680123L + n, "http-nio-" + (n % 8), id,
                "score", "com.acme.fraud.FraudModel#predict", "fraud", "2026-11-01", null, null, null,
                0.5 + (n % 997) / 1000.0, null, null, 1.0);
    }

    private static void sinkOnly(long events, boolean warmUp) throws Exception {
        EventJsonEncoder encoder = new EventJsonEncoder(PROCESS);
        EncodedBatch[] batches = new EncodedBatch[64];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new EncodedBatch(BATCH, 256 * 1024);
            for (int i = 0; i < BATCH; i++) {
                PredictionEvent e = event((long) b * BATCH + i);
                encoder.encode(e, batches[b].appender());
                batches[b].commit(e);
            }
        }
        Path dir = Files.createTempDirectory("predlog-sink-bench");
        RollingFileSink sink = RollingFileSink.start(settings(dir), PROCESS.service(), PROCESS.pid());
        long n = 0;
        long start = System.nanoTime();
        for (int b = 0; n < events; b++) {
            sink.write(batches[b & (batches.length - 1)]);
            n += BATCH;
        }
        sink.flush();
        long written = System.nanoTime();
        long compressedAt = awaitCompressed(dir, Duration.ofMinutes(5));
        sink.close();
        double seconds = (written - start) / 1e9;
        if (!warmUp) {
            System.out.printf("sink: %,d events in %.2f s = %,.0f events/s written (one thread); all closed files"
                            + " gzipped %.2f s later; raw %.0f B/event%n", n, seconds, n / seconds,
                    (compressedAt - written) / 1e9, batches[0].byteLength() / (double) BATCH);
            report(dir);
        }
        delete(dir);
    }

    /**
     * A prediction event of a call on 18 full-precision features, as {@link PipelineLoadProbe}'s calls make: the
     * captured {@code input} (hash, field names, values) and {@code output}, about 1,450 bytes as JSON.
     */
    private static PredictionEvent eventWithInput(long n, InputCapture capture) {
        CapturedInput input = capture.captureArguments(new Object[] {Features.of("full")});
        CapturedOutput output = capture.captureOutput(0.5 + (n % 997) / 2000.0);
        PredictionEvent plain = event(n);
        return new PredictionEvent(plain.startEpochMillis(), plain.thread(), plain.requestId(), plain.target(),
                plain.method(), plain.modelId(), plain.modelVersion(), input.hash(), input.characteristics(),
                output.hash(), plain.latencyMs(), null, null, 1.0, Boolean.TRUE, output.characteristics());
    }

    private static void pipeline(long events, boolean withInput) throws Exception {
        Path dir = Files.createTempDirectory("predlog-pipeline-bench");
        RollingFileSink sink = RollingFileSink.start(settings(dir), PROCESS.service(), PROCESS.pid());
        EventPipeline pipeline = new EventPipeline(1 << 18, new EventJsonEncoder(PROCESS), List.of(sink));
        pipeline.start();
        PredictionEvent[] pool = new PredictionEvent[4096];
        InputCapture capture = new InputCapture(HashSettings.defaults(), true);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = withInput ? eventWithInput(i, capture) : event(i);
        }
        long start = System.nanoTime();
        for (long n = 0; n < events; n++) {
            while (!pipeline.offer(pool[(int) (n & (pool.length - 1))])) {
                Thread.onSpinWait();
            }
        }
        while (pipeline.written() < events) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pipeline.shutdown(60_000);
        System.out.printf("pipeline%s: %,d events in %.2f s = %,.0f events/s (one producer, encoding included)%n",
                withInput ? " with input" : "", events, seconds, events / seconds);
        delete(dir);
    }

    private static FileSinkSettings settings(Path dir) {
        return FileSinkSettings.defaults(dir).withMaxFileBytes(8L << 20).withMaxTotalBytes(0);
    }

    /** Waits until at most one uncompressed file (the current one) is left; returns when. */
    private static long awaitCompressed(Path dir, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (files(dir, ".jsonl").size() <= 1 && files(dir, ".tmp").isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("compression did not catch up within " + limit);
    }

    private static void report(Path dir) throws IOException {
        long gzBytes = 0;
        long lines = 0;
        long rawBytes = 0;
        for (Path gz : files(dir, ".jsonl.gz")) {
            gzBytes += Files.size(gz);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    rawBytes += r;
                    for (int i = 0; i < r; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
        }
        System.out.printf("disk: %,d gzipped files, %,d events, %.1f B/event compressed (%.1fx)%n",
                files(dir, ".jsonl.gz").size(), lines, gzBytes / (double) lines, rawBytes / (double) gzBytes);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        while (true) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            } catch (java.io.UncheckedIOException e) {
                // a file was renamed or deleted under the walk by the maintenance thread: look again
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
