package io.predlog.sink.otlp;

import java.util.List;

/**
 * The value of a log record's attribute, as OTLP's {@code AnyValue} holds it: one of the kinds below. An event's
 * strings, booleans and numbers map to their kinds (a whole number that fits a {@code long} to {@link Int}, any other
 * number to {@link Decimal}); an array to {@link Array}; an object inside an array to {@link Pairs}. Immutable.
 */
sealed interface AttributeValue {

    /** {@code string_value}. */
    record Text(String value) implements AttributeValue {
    }

    /** {@code bool_value}. */
    record Bool(boolean value) implements AttributeValue {
    }

    /** {@code int_value}. */
    record Int(long value) implements AttributeValue {
    }

    /** {@code double_value}. */
    record Decimal(double value) implements AttributeValue {
    }

    /** {@code array_value}: the values in order. */
    record Array(List<AttributeValue> values) implements AttributeValue {
    }

    /** {@code kvlist_value}: an object's members in order. */
    record Pairs(List<Attribute> values) implements AttributeValue {
    }
}
