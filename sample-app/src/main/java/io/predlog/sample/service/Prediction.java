package io.predlog.sample.service;

import java.util.Map;

/**
 * One answered prediction, as the API returns it.
 *
 * @param model   the model name
 * @param version the version that scored the input
 * @param output  the prediction, a JSON-ready map
 */
public record Prediction(String model, String version, Map<String, Object> output) {
}
