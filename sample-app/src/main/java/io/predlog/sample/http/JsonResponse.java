package io.predlog.sample.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A status code and the JSON body to send with it. */
record JsonResponse(int status, Object body) {
    static JsonResponse ok(Object body) {
        return new JsonResponse(200, body);
    }

    static JsonResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return new JsonResponse(status, body);
    }
}
