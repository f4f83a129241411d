package io.predlog.sink.otlp;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * The sink's one Jackson factory (thread-safe, reused for every parser and generator). A class of its own so that it
 * is made when first used, on the sender thread, rather than while the agent starts and the application waits.
 */
final class Json {

    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }
}
