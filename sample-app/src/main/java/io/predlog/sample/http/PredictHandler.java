package io.predlog.sample.http;

import com.sun.net.httpserver.HttpExchange;
import io.predlog.sample.service.Prediction;
import io.predlog.sample.service.PredictionService;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** {@code POST /predict {"model": NAME, "input": ...}} answers {@code {"model","version","prediction"}}. */
final class PredictHandler extends JsonHandler {
    private final PredictionService service;

    PredictHandler(PredictionService service) {
        super("POST", "/predict");
        this.service = service;
    }

    @Override
    protected JsonResponse respond(HttpExchange exchange) throws IOException, TimeoutException, InterruptedException {
        Map<String, Object> body = readObject(exchange);
        String model = requiredString(body, "model");
        if (!body.containsKey("input") || body.get("input") == null) {
            throw new ApiException(400, "bad_request", "'input' is required");
        }
        Prediction prediction = service.predict(model, body.get("input"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", prediction.model());
        out.put("version", prediction.version());
        out.put("prediction", prediction.output());
        return JsonResponse.ok(out);
    }
}
