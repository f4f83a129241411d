package io.predlog.agent.drift;

/**
 * Which window of which model is being scored: what a drift event says about where it was found.
 *
 * @param target            the target name
 * @param modelId           the model id
 * @param modelVersion      the model version, or null
 * @param windowStartMillis the window's start, epoch milliseconds
 * @param windowEndMillis   the window's end, epoch milliseconds
 * @param calls             the calls whose values the window's distributions hold; 0 when not known
 */
public record WindowInfo(String target, String modelId, String modelVersion, long windowStartMillis,
                         long windowEndMillis, long calls) {
}
