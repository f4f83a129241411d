package io.predlog.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.diagnostics.Diagnostics;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code GET /metrics} from one registry on the JDK's {@code com.sun.net.httpserver}, through the Prometheus
 * client's {@link PrometheusScrapeHandler} (content negotiation: Prometheus text 0.0.4, OpenMetrics, gzip).
 *
 * <p>Why not the client's own {@code HTTPServer}: its class initialiser sets {@code sun.net.httpserver.maxReqTime}
 * and {@code maxRspTime} as JVM-wide system properties, which would impose time limits on the application's own
 * JDK HTTP server; it reports scrape errors through {@code java.util.logging} (the application's stderr, and an early
 * {@code LogManager} start); and, without the protobuf module (left out on purpose), it answers a scrape that prefers
 * protobuf (Prometheus with native histograms on) with a 500. Here a protobuf preference is taken out of
 * {@code Accept} so the next choice, text, is served; failures go to {@link Diagnostics}.
 *
 * <p>Threads: one daemon thread {@code predlog-metrics-http} runs the scrapes (they are rare and short), and the
 * JDK's dispatcher thread, started from it so that it is a daemon too, is renamed {@code predlog-metrics-dispatcher}.
 */
final class ScrapeServer {

    static final String PATH = "/metrics";
    static final String HTTP_THREAD = "predlog-metrics-http";
    static final String DISPATCHER_THREAD = "predlog-metrics-dispatcher";
    private static final String PROTOBUF = "application/vnd.google.protobuf";
    private static final byte[] NOT_FOUND = "predlog: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    ScrapeServer(InetSocketAddress address, PrometheusProperties properties, PrometheusRegistry registry)
            throws IOException {
        PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(properties, registry);
        ThreadGroup group = new ThreadGroup("predlog-metrics");
        AtomicInteger threads = new AtomicInteger();
        // one thread, scrapes in turn; unbounded queue: a refused task would leave its connection open forever
        this.executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Runnable agentOwned = () -> { // a scrape is not a request of the application's (predlog.http.servers)
                RequestContext.markAgentThread();
                r.run();
            };
            Thread t = new Thread(group, agentOwned,
                    threads.getAndIncrement() == 0 ? HTTP_THREAD : HTTP_THREAD + "-" + threads);
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
        this.server = HttpServer.create(address, 8);
        try {
            server.setExecutor(executor);
            server.createContext("/", exchange -> handle(exchange, scrape));
            // HttpServer.start makes its dispatcher thread with the caller's daemon flag and thread group:
            // start it from our daemon thread, so that it can never keep the application's JVM alive
            executor.submit(() -> {
                server.start();
                renameDispatcher(group);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IOException("interrupted while starting the metrics server", e);
        } catch (ExecutionException e) {
            stop();
            throw new IOException("could not start the metrics server", e.getCause());
        }
    }

    /** The bound address (the actual port when 0 was asked for). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Closes the socket at once and ends the threads; idempotent, never throws. */
    void stop() {
        try {
            server.stop(0);
        } catch (Throwable ignored) {
            // never started, or already stopped
        }
        executor.shutdownNow();
    }

    private static void renameDispatcher(ThreadGroup group) {
        Thread[] threads = new Thread[8];
        int n = group.enumerate(threads, false);
        for (int i = 0; i < n; i++) {
            if (!threads[i].getName().startsWith(HTTP_THREAD)) {
                threads[i].setName(DISPATCHER_THREAD);
            }
        }
    }

    private static void handle(HttpExchange exchange, PrometheusScrapeHandler scrape) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(404, NOT_FOUND.length);
                exchange.getResponseBody().write(NOT_FOUND);
                return;
            }
            scrape.handleRequest(new Exchange(exchange));
        } catch (Throwable t) {
            Diagnostics.failure("metrics", t);
        } finally {
            exchange.close();
        }
    }

    /** Removes the media ranges that ask for protobuf; null when none is left (the handler then serves text). */
    static String withoutProtobuf(String accept) {
        if (accept == null || !accept.contains(PROTOBUF)) {
            return accept;
        }
        List<String> kept = new ArrayList<>();
        for (String range : accept.split(",")) {
            if (!range.contains(PROTOBUF) && !range.isBlank()) {
                kept.add(range.trim());
            }
        }
        return kept.isEmpty() ? null : String.join(",", kept);
    }

    /** The scrape handler's view of one JDK exchange. */
    private static final class Exchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

        private final HttpExchange exchange;
        private boolean sent;

        Exchange(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return this;
        }

        @Override
        public String getQueryString() {
            return exchange.getRequestURI().getRawQuery();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                return Collections.emptyEnumeration();
            }
            if (!"Accept".equalsIgnoreCase(name)) {
                return Collections.enumeration(values);
            }
            List<String> accept = new ArrayList<>();
            for (String value : values) {
                String kept = withoutProtobuf(value);
                if (kept != null) {
                    accept.add(kept);
                }
            }
            return Collections.enumeration(accept);
        }

        @Override
        public String getMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public String getRequestPath() {
            return exchange.getRequestURI().getPath();
        }

        @Override
        public void setHeader(String name, String value) {
            exchange.getResponseHeaders().set(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) throws IOException {
            sent = true;
            exchange.sendResponseHeaders(statusCode, contentLength); // 0: chunked, -1: no body (HEAD)
            return exchange.getResponseBody();
        }

        @Override
        public void handleException(IOException e) {
            Diagnostics.failure("metrics", e); // usually the scraper went away mid-response
        }

        @Override
        public void handleException(RuntimeException e) {
            Diagnostics.failure("metrics", e);
            if (!sent) {
                try {
                    sent = true;
                    exchange.sendResponseHeaders(500, -1);
                } catch (IOException ignored) {
                    // the scraper is gone: nothing to answer
                }
            }
        }

        @Override
        public void close() {
            exchange.close();
        }
    }
}
