package io.predlog.sample;

import io.predlog.sample.http.SampleServer;
import io.predlog.sample.model.ModelRegistry;
import io.predlog.sample.service.PredictionService;
import io.predlog.sample.workload.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The sample inference service: loads {@code churn/v1} and {@code embed-sim/v1}, then either serves
 * the HTTP JSON API until it is stopped (SIGTERM/Ctrl-C run a clean shutdown), or, with
 * {@code --workload N}, runs a fixed seeded workload in process and exits.
 */
public final class SampleService {
    /** The line scripts and tests wait for; the bound port follows the last colon. */
    public static final String LISTENING_PREFIX = "sample-app listening on http://127.0.0.1:";

    private SampleService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ServiceOptions options;
        try {
            options = ServiceOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            // One line per log record, so the access log is greppable.
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        }
        PredictionService service = startService(options.workers(), options.timeoutMs());
        if (options.workload() > 0) {
            PrintStream out = System.out;
            try {
                Workload.run(service, options.workload(), options.seed(), out::println);
            } finally {
                service.close();
            }
            out.flush();
            return;
        }
        serve(service, options);
    }

    /** A service over the shipped models with the default versions loaded. */
    public static PredictionService startService(int workers, long timeoutMs) {
        ModelRegistry registry = new ModelRegistry();
        registry.load("churn", "v1");
        registry.load("embed-sim", "v1");
        return new PredictionService(registry, workers, timeoutMs);
    }

    private static void serve(PredictionService service, ServiceOptions options) throws IOException, InterruptedException {
        SampleServer server = SampleServer.start(service, options.port(), options.httpThreads());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            service.close();
            System.out.println("sample-app stopped");
            System.out.flush();
            stopped.countDown();
        }, "sample-app-shutdown"));
        System.out.println(LISTENING_PREFIX + server.port());
        System.out.flush();
        stopped.await();
    }
}
