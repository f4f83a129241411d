package io.predlog.agent.config;

/**
 * One key as one source gave it, before validation.
 *
 * @param key    the full key, {@code predlog.} prefix added where the source allows leaving it out
 * @param value  the value, trimmed
 * @param origin where it came from, as errors report it: "agent arguments", "system property",
 *               "environment variable PREDLOG_X", "agent.properties:12", "default"
 */
record Setting(String key, String value, String origin) {

    static final String DEFAULT = "default";
}
