package io.predlog.testapps.spring;

import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model, as a Spring service: {@link #score} is the prediction. Its {@code @Async} method makes Spring
 * inject a CGLIB subclass ({@code ScoringService$$SpringCGLIB$$0}) wherever the service is used.
 */
@Service
public class ScoringService {

    private final AtomicLong calls = new AtomicLong();

    /** A logistic score of the numeric features. */
    public Map<String, Object> score(Map<String, Object> features) {
        calls.incrementAndGet();
        double sum = 0;
        for (Object value : features.values()) {
            if (value instanceof Number number) {
                sum += number.doubleValue();
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("score", 1 / (1 + Math.exp(-sum / 100)));
        return result;
    }

    /** Reloads the model's coefficients in the background (never called by the tests; it is why the proxy exists). */
    @Async
    public CompletableFuture<String> refresh() {
        return CompletableFuture.completedFuture("refreshed");
    }

    @PreDestroy
    void printCalls() {
        System.out.println("calls score=" + calls.get());
    }
}
