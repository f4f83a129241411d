package io.predlog.sink.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an {@code ExportLogsServiceResponse}: how many records the endpoint dropped although it answered 2xx
 * ({@code partial_success.rejected_log_records}) and why ({@code error_message}). An empty or unreadable body means
 * full success, as OTLP says.
 */
final class PartialSuccess {

    private PartialSuccess() {
    }

    /** The outcome of a 2xx response with this body, in the request's encoding. */
    static Outcome.Accepted read(byte[] body, boolean json) {
        try {
            return json ? fromJson(body) : fromProtobuf(body);
        } catch (IOException | RuntimeException e) {
            return new Outcome.Accepted(0, "");
        }
    }

    private static Outcome.Accepted fromProtobuf(byte[] body) {
        ProtobufReader response = new ProtobufReader(body, 0, body.length);
        while (response.next()) {
            if (response.field() == 1 && response.wireType() == 2) { // partial_success
                ProtobufReader partial = response.message();
                long rejected = 0;
                String message = "";
                while (partial.next()) {
                    if (partial.field() == 1 && partial.wireType() == 0) {
                        rejected = partial.varint();
                    } else if (partial.field() == 2 && partial.wireType() == 2) {
                        message = new String(partial.bytes(), StandardCharsets.UTF_8);
                    } else {
                        partial.skip();
                    }
                }
                return new Outcome.Accepted(rejected, message);
            }
            response.skip();
        }
        return new Outcome.Accepted(0, "");
    }

    private static Outcome.Accepted fromJson(byte[] body) throws IOException {
        if (body.length == 0) {
            return new Outcome.Accepted(0, "");
        }
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Outcome.Accepted(0, "");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ((name.equals("partialSuccess") || name.equals("partial_success"))
                        && value == JsonToken.START_OBJECT) {
                    long rejected = 0;
                    String message = "";
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        parser.nextToken();
                        if (member.equals("rejectedLogRecords") || member.equals("rejected_log_records")) {
                            rejected = Long.parseLong(parser.getValueAsString("0"));
                        } else if (member.equals("errorMessage") || member.equals("error_message")) {
                            message = parser.getValueAsString("");
                        } else {
                            parser.skipChildren();
                        }
                    }
                    return new Outcome.Accepted(rejected, message);
                }
                parser.skipChildren();
            }
        }
        return new Outcome.Accepted(0, "");
    }
}
