package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;
import io.predlog.sample.model.Model;
import io.predlog.sample.model.ModelRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /models} lists each model's active version and every version loaded so far. */
final class ModelsHandler extends JsonHandler {
    private final ModelRegistry registry;

    ModelsHandler(ModelRegistry registry) {
        super("GET", "/models");
        this.registry = registry;
    }

    @Override
    protected JsonResponse respond(HttpExchange exchange) {
        Map<String, Set<String>> loaded = registry.loadedVersions();
        List<Object> models = new ArrayList<>();
        for (Model model : registry.activeModels()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("model", model.name());
            entry.put("version", model.version());
            entry.put("kind", model.kind().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("loaded_versions", loaded.getOrDefault(model.name(), Set.of()));
            models.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models);
        return JsonResponse.ok(out);
    }
}
