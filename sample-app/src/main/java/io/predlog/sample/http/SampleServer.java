package io.predlog.sample.http;

import com.sun.net.httpserver.HttpServer;
import io.predlog.sample.service.PredictionService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP JSON API on the JDK's {@link HttpServer}, bound to the loopback address. */
public final class SampleServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService httpThreads;

    private SampleServer(HttpServer server, ExecutorService httpThreads) {
        this.server = server;
        this.httpThreads = httpThreads;
    }

    /**
     * Binds and starts the API.
     *
     * @param port        the port, or 0 for an ephemeral one (see {@link #port()})
     * @param httpThreads how many threads handle requests
     */
    public static SampleServer start(PredictionService service, int port, int httpThreads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/predict", new PredictHandler(service));
        server.createContext("/models/load", new LoadModelHandler(service));
        server.createContext("/models", new ModelsHandler(service.registry()));
        server.createContext("/health", new HealthHandler(service.registry()));
        server.createContext("/", new NotFoundHandler());
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(httpThreads, r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.start();
        return new SampleServer(server, pool);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, gives in-flight exchanges up to a second, then stops the handler threads. */
    @Override
    public void close() {
        server.stop(1);
        httpThreads.shutdown();
        try {
            httpThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
