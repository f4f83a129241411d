package io.predlog.sample.http;

import io.predlog.sample.SampleService;
import io.predlog.sample.json.Json;
import io.predlog.sample.service.PredictionService;
import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's status codes and bodies, against a real server on an ephemeral port. */
class HttpApiTest {
    private static final Logger ACCESS_LOG = Logger.getLogger("io.predlog.sample.access");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static PredictionService service;
    private static SampleServer server;

    @BeforeAll
    static void start() throws IOException {
        ACCESS_LOG.setLevel(Level.WARNING);
        service = SampleService.startService(2, 5000);
        server = SampleServer.start(service, 0, 4);
    }

    @AfterAll
    static void stop() {
        server.close();
        service.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String predictBody(String model, Object input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", input);
        return Json.write(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body());
    }

    @Test
    void theServersConnectionsSendWithoutWaitingForAcknowledgements() {
        // without it every kept-alive request waits about 40 ms for the client's delayed ACK of the headers
        assertEquals("true", System.getProperty(SampleServer.NO_DELAY));
    }

    @Test
    void aValidTabularPredictionAnswers200WithModelVersionAndPrediction() throws Exception {
        Map<String, Object> customer = new InputGenerator(1).customer();

        HttpResponse<String> r = call("POST", "/predict", predictBody("churn", customer));

        assertEquals(200, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = json(r);
        assertEquals("churn", body.get("model"));
        assertTrue(List.of("v1", "v2").contains(body.get("version")));
        Map<?, ?> prediction = (Map<?, ?>) body.get("prediction");
        double p = (Double) prediction.get("probability");
        assertTrue(p > 0 && p < 1, "probability " + p);
        assertTrue(List.of("churn", "stay").contains(prediction.get("label")));
    }

    @Test
    void theSameInputGetsTheSameAnswer() throws Exception {
        String body = predictBody("embed-sim", new InputGenerator(2).vector());

        HttpResponse<String> first = call("POST", "/predict", body);
        HttpResponse<String> second = call("POST", "/predict", body);

        assertEquals(200, first.statusCode());
        assertEquals(first.body(), second.body());
        assertEquals(12, ((List<?>) ((Map<?, ?>) json(first).get("prediction")).get("scores")).size());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> r = call("POST", "/predict", "{\"model\":\"churn\",\"input\":{");

        assertEquals(400, r.statusCode());
        assertEquals("malformed_json", json(r).get("error"));
    }

    @Test
    void aBodyWithoutModelOrInputIs400() throws Exception {
        assertEquals(400, call("POST", "/predict", "{\"input\":[1]}").statusCode());
        assertEquals(400, call("POST", "/predict", "{\"model\":\"churn\"}").statusCode());
        assertEquals(400, call("POST", "/predict", "[1,2,3]").statusCode());
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        HttpResponse<String> r = call("POST", "/predict", predictBody("fraud", Map.of("amount", 3)));

        assertEquals(404, r.statusCode());
        assertEquals("unknown_model", json(r).get("error"));
    }

    @Test
    void aMissingFeatureIs422AndNamesTheFeature() throws Exception {
        Map<String, Object> customer = new InputGenerator(3).customer();
        customer.remove("country");

        HttpResponse<String> r = call("POST", "/predict", predictBody("churn", customer));

        assertEquals(422, r.statusCode());
        assertEquals("invalid_input", json(r).get("error"));
        assertEquals("missing feature 'country'", json(r).get("message"));
    }

    @Test
    void aVectorOfTheWrongLengthIs422() throws Exception {
        HttpResponse<String> r = call("POST", "/predict", predictBody("embed-sim", new float[] {0.1f, 0.2f}));

        assertEquals(422, r.statusCode());
        assertEquals("expected a vector of 64 values (or a sequence of such vectors, a multiple of 64), got 2", json(r).get("message"));
    }

    @Test
    void anInputOfTheWrongShapeIs422() throws Exception {
        assertEquals(422, call("POST", "/predict", predictBody("churn", List.of(1, 2))).statusCode());
        assertEquals(422, call("POST", "/predict", predictBody("embed-sim", Map.of("a", 1))).statusCode());
        assertEquals(422, call("POST", "/predict", predictBody("embed-sim", List.of("x"))).statusCode());
    }

    @Test
    void loadingSwitchesTheVersionThatAnswers() throws Exception {
        HttpResponse<String> loaded = call("POST", "/models/load", "{\"model\":\"embed-sim\",\"version\":\"v2\"}");
        HttpResponse<String> predicted = call("POST", "/predict", predictBody("embed-sim", new float[64]));
        HttpResponse<String> models = call("GET", "/models", null);
        call("POST", "/models/load", "{\"model\":\"embed-sim\",\"version\":\"v1\"}");

        assertEquals(200, loaded.statusCode());
        assertEquals("v2", json(loaded).get("version"));
        assertEquals("v2", json(predicted).get("version"));
        assertEquals(200, models.statusCode());
        assertTrue(models.body().contains("{\"model\":\"embed-sim\",\"version\":\"v2\",\"kind\":\"vector\","
                + "\"loaded_versions\":[\"v1\",\"v2\"]}"), models.body());
    }

    @Test
    void loadingAnUnknownVersionIs404AndACorruptOneIs500() throws Exception {
        HttpResponse<String> unknown = call("POST", "/models/load", "{\"model\":\"churn\",\"version\":\"v9\"}");
        HttpResponse<String> corrupt = call("POST", "/models/load", "{\"model\":\"churn\",\"version\":\"v3-corrupt\"}");

        assertEquals(404, unknown.statusCode());
        assertEquals(500, corrupt.statusCode());
        assertEquals("model_format", json(corrupt).get("error"));
    }

    @Test
    void healthAnswersOk() throws Exception {
        HttpResponse<String> r = call("GET", "/health", null);

        assertEquals(200, r.statusCode());
        assertEquals("ok", json(r).get("status"));
    }

    @Test
    void aWrongMethodIs405AndAnUnknownPathIs404() throws Exception {
        assertEquals(405, call("GET", "/predict", null).statusCode());
        assertEquals(405, call("DELETE", "/models", null).statusCode());
        assertEquals(404, call("GET", "/nope", null).statusCode());
        assertEquals(404, call("POST", "/predict/extra", "{}").statusCode());
        assertEquals(404, call("GET", "/", null).statusCode());
    }

    @Test
    void anInboundRequestIdIsAcceptedAndEchoed() throws Exception {
        HttpResponse<String> r = call("GET", "/health", null, "X-Request-ID", "req-12345");

        assertEquals(200, r.statusCode());
        assertEquals("req-12345", r.headers().firstValue("X-Request-ID").orElseThrow());
    }

    @Test
    void anOverlongRequestIdIsAcceptedButNotEchoed() throws Exception {
        HttpResponse<String> r = call("GET", "/health", null, "X-Request-ID", "x".repeat(300));

        assertEquals(200, r.statusCode());
        assertFalse(r.headers().firstValue("X-Request-ID").isPresent());
    }
}
