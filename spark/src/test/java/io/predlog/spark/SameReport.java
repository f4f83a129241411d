package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Asserts that two reports read the same (as JSON text: a report parsed from a file holds its numbers in other node
 * types than the one built in memory), and when they do not, names only what differs (the summary's fields and the
 * findings that differ, both sides in full) before the two reports: a report runs to thousands of characters, and a
 * log that keeps only its beginning should still show the difference.
 */
final class SameReport {

    private SameReport() {
    }

    static void assertSame(JsonNode cli, JsonNode spark) {
        if (cli.toString().equals(spark.toString())) {
            return;
        }
        StringBuilder diff = new StringBuilder("the reports differ (command line, then Spark):\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = cli.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String other = String.valueOf(spark.get(field.getKey()));
            if (!field.getKey().equals("findings") && !field.getValue().toString().equals(other)) {
                diff.append(field.getKey()).append(": ").append(field.getValue()).append(" | ").append(other).append('\n');
            }
        }
        JsonNode a = cli.path("findings");
        JsonNode b = spark.path("findings");
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (!a.path(i).toString().equals(b.path(i).toString())) {
                diff.append("finding ").append(i).append(":\n").append(a.path(i).toPrettyString()).append("\n| Spark:\n")
                        .append(b.path(i).toPrettyString()).append('\n');
            }
        }
        diff.append("whole reports:\n").append(cli.toPrettyString()).append("\n| Spark:\n").append(spark.toPrettyString());
        fail(diff.toString());
    }
}
