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
    /**
     * The JDK server's switch for {@code TCP_NODELAY} on its connections. It writes a response's headers and body
     * in separate writes; with Nagle's algorithm on, the body waits for the client's delayed acknowledgement of the
     * headers (about 40 ms on Linux) on every request of a kept-alive connection. Read once, when the JVM's first
     * {@link HttpServer} is made; a value given with {@code -D} is left as it is.
     */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

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
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
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
