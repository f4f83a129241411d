package io.predlog.agent.event;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension point for an event computed off the application's threads (docs/ARCHITECTURE.md, "How to add an
 * event"): a test-only {@code cache_report} is a {@link DerivedEvent} and its schema, nothing else, and the encoder
 * writes it with the common fields first and its own after, valid against that schema.
 */
class NewEventTest {

    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "required": ["event", "level", "timestamp", "schema", "service", "host", "pid", "event_id", "thread",
                          "cache", "hits", "misses", "ratio", "sizes"],
             "additionalProperties": false,
             "properties": {
               "event": {"const": "cache_report"}, "level": {"const": "INFO"},
               "timestamp": {"type": "string"}, "schema": {"const": 1}, "service": {"type": "string"},
               "host": {"type": "string"}, "pid": {"type": "integer"}, "event_id": {"type": "string"},
               "thread": {"type": "string"},
               "cache": {"type": "string"}, "hits": {"type": "integer"}, "misses": {"type": "integer"},
               "ratio": {"type": "number"},
               "sizes": {"type": "object", "additionalProperties": {"type": "integer"}}}}
            """;

    @Test
    void aDerivedEventNeedsNoChangeToTheEncoderAndValidatesAgainstItsSchema() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cache", "embeddings");
        fields.put("hits", 990L);
        fields.put("misses", 10L);
        fields.put("ratio", 0.99);
        fields.put("sizes", Map.of("small", 3L));
        fields.put("note", null); // left out, as every unknown value is
        DerivedEvent event = new DerivedEvent("cache_report", Level.INFO, 1_764_000_000_000L, "predlog-stats", fields);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventJsonEncoder(SampleEvents.PROCESS).encode(event, out);
        String line = out.toString(StandardCharsets.UTF_8).trim();

        assertTrue(line.startsWith("{\"event\":\"cache_report\",\"level\":\"INFO\",\"timestamp\":"), line);
        assertTrue(line.endsWith("\"cache\":\"embeddings\",\"hits\":990,\"misses\":10,\"ratio\":0.99,"
                + "\"sizes\":{\"small\":3}}"), line);
        Schema schema = SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(SCHEMA, InputFormat.JSON);
        assertEquals(List.of(), schema.validate(line, InputFormat.JSON));
    }
}
