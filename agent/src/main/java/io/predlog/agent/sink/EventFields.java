package io.predlog.agent.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level members of one encoded event, as key-value pairs for a logging framework: strings, numbers
 * ({@link Long} when integral and in range, else {@link BigDecimal}, which keeps the encoded digits) and booleans as
 * themselves; a nested object or array as its JSON text, exactly as encoded; {@code null} members left out.
 *
 * <p>Read with Jackson's streaming parser from the line a sink is given: the line is the one form in which every
 * field exists as written (redacted messages, formatted numbers, the process fields), so the pairs cannot differ
 * from the JSON that other sinks write.
 */
final class EventFields {

    private static final JsonFactory JSON = new JsonFactory();

    /** One member. */
    record Field(String key, Object value) {
    }

    private EventFields() {
    }

    /**
     * The members of the JSON object {@code json} (a trailing newline allowed), in order.
     *
     * @throws IllegalArgumentException when {@code json} is not one well-formed JSON object
     */
    static List<Field> of(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an encoded event is a JSON object, not " + parser.currentToken());
            }
            List<Field> fields = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String key = parser.currentName();
                Object value = value(parser, parser.nextToken(), json);
                if (value != null) {
                    fields.add(new Field(key, value));
                }
            }
            return fields;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a well-formed encoded event: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonParser parser, JsonToken token, String json) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException("an encoded event ends inside a member");
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new BigDecimal(parser.getBigIntegerValue()) : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case START_OBJECT, START_ARRAY -> {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                yield json.substring(start, end);
            }
            default -> throw new IllegalArgumentException("unexpected " + token + " in an encoded event");
        };
    }
}
