package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;
import io.predlog.sample.model.Model;
import io.predlog.sample.service.PredictionService;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /models/load {"model": NAME, "version": VERSION}} loads that version and makes it active. */
final class LoadModelHandler extends JsonHandler {
    private final PredictionService service;

    LoadModelHandler(PredictionService service) {
        super("POST", "/models/load");
        this.service = service;
    }

    @Override
    protected JsonResponse respond(HttpExchange exchange) throws IOException {
        Map<String, Object> body = readObject(exchange);
        String name = requiredString(body, "model");
        String version = requiredString(body, "version");
        long start = System.nanoTime();
        Model model = service.load(name, version);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.name());
        out.put("version", model.version());
        out.put("status", "active");
        out.put("load_ms", Math.round((System.nanoTime() - start) / 1e3) / 1e3);
        return JsonResponse.ok(out);
    }
}
