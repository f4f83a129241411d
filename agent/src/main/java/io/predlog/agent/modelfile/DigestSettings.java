package io.predlog.agent.modelfile;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;

/**
 * The bounds of {@code model_sha256} (docs/CONFIGURATION.md, {@code predlog.model_sha256.*}).
 *
 * @param enabled       whether load calls' model files are hashed at all
 * @param maxBytes      a file or byte array larger than this is not hashed ({@code too_large})
 * @param timeoutMillis how long a {@code model_load_success} may wait for its digest after the load returned
 *                      ({@code timeout})
 * @param queueCapacity loads whose files wait to be hashed at most; a further one is not hashed ({@code busy})
 */
public record DigestSettings(boolean enabled, long maxBytes, long timeoutMillis, int queueCapacity) {

    /** Loads waiting to be hashed at most: loads are rare, a service loads a handful of models. */
    static final int QUEUE_CAPACITY = 64;

    public DigestSettings {
        if (maxBytes < 0 || timeoutMillis < 0 || queueCapacity < 1) {
            throw new IllegalArgumentException("bad digest settings: maxBytes=" + maxBytes + ", timeoutMillis="
                    + timeoutMillis + ", queueCapacity=" + queueCapacity);
        }
    }

    /** The settings the configuration gives. */
    public static DigestSettings from(AgentConfig config) {
        return new DigestSettings(config.bool(ConfigKeys.MODEL_SHA256_ENABLED),
                config.number(ConfigKeys.MODEL_SHA256_MAX_BYTES),
                config.number(ConfigKeys.MODEL_SHA256_TIMEOUT_S) * 1000L, QUEUE_CAPACITY);
    }
}
