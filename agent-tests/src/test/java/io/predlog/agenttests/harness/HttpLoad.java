package io.predlog.agenttests.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends a bounded number of requests to a service on the loopback interface from a few threads at once and
 * fails unless every one answers 200 within the time limit. Request {@code i} is made by the caller's function,
 * so each can carry its own {@code X-Request-ID}.
 *
 * <p>A request that fails before any byte of a response came back is sent once more, and the console says so: the
 * JDK's client can hand a request a pooled keep-alive connection at the moment the server closes it (Tomcat closes
 * one after 100 requests), which reaches the client as "connection closed locally" with nothing read. Such a
 * request never reached the application; one that did and is sent again shows as an extra call in the events, which
 * the tests count.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    /** A GET of {@code uri} with {@code X-Request-ID: id}. */
    public static HttpRequest get(URI uri, String id) {
        return HttpRequest.newBuilder(uri).header("X-Request-ID", id).timeout(Duration.ofSeconds(30)).build();
    }

    /**
     * Sends {@code count} requests, {@code threads} at a time; returns the response bodies in request order.
     */
    public static List<String> send(int count, int threads, Duration limit, IntFunction<HttpRequest> request) {
        if (!request.apply(0).uri().getHost().equals("127.0.0.1")) {
            fail("load is sent to the loopback interface only: " + request.apply(0).uri());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                HttpRequest next = request.apply(i);
                int index = i;
                sent.add(pool.submit(() -> sendWithOneRetry(client, next, index)));
            }
            pool.shutdown();
            if (!pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                fail(count + " requests did not complete within " + limit);
            }
            List<String> bodies = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                HttpResponse<String> response = sent.get(i).get();
                if (response.statusCode() != 200) {
                    fail("request " + i + " (" + response.uri() + ") answered " + response.statusCode() + ": "
                            + response.body());
                }
                bodies.add(response.body());
            }
            return bodies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a request failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends one request, and once more if it failed with no response at all (see the class comment). */
    private static HttpResponse<String> sendWithOneRetry(HttpClient client, HttpRequest request, int index)
            throws java.io.IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.out.println("[http-load] request " + index + " got no response (" + e.getMessage()
                    + "); sending it once more");
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
