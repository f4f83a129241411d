package io.predlog.sink.otlp;

/** One attribute of a log record or a resource: OTLP's {@code KeyValue}. */
record Attribute(String key, AttributeValue value) {

    static Attribute text(String key, String value) {
        return new Attribute(key, new AttributeValue.Text(value));
    }
}
