package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;
import io.predlog.sample.model.ModelRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} answers {@code {"status":"ok","models":N}}. */
final class HealthHandler extends JsonHandler {
    private final ModelRegistry registry;

    HealthHandler(ModelRegistry registry) {
        super("GET", "/health");
        this.registry = registry;
    }

    @Override
    protected JsonResponse respond(HttpExchange exchange) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.put("models", registry.activeModels().size());
        return JsonResponse.ok(out);
    }
}
