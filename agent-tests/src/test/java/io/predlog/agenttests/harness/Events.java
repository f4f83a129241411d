package io.predlog.agenttests.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The events of one run, in the order they were read, with the filters the tests need. */
public record Events(List<JsonNode> all) {

    public int size() {
        return all.size();
    }

    public Stream<JsonNode> stream() {
        return all.stream();
    }

    /** Events whose {@code event} field is this name. */
    public Events named(String eventName) {
        return where(e -> eventName.equals(e.path("event").asText(null)));
    }

    /** Events whose {@code target} field is this target name. */
    public Events target(String targetName) {
        return where(e -> targetName.equals(e.path("target").asText(null)));
    }

    /** Events whose text field {@code field} equals {@code value}. */
    public Events with(String field, String value) {
        return where(e -> value.equals(e.path(field).asText(null)));
    }

    /** Events whose {@code input.type} is this type name. */
    public Events inputType(String typeName) {
        return where(e -> typeName.equals(e.path("input").path("type").asText(null)));
    }

    public Events where(Predicate<JsonNode> predicate) {
        return new Events(all.stream().filter(predicate).toList());
    }

    /** The single event left after filtering; fails with the candidates otherwise. */
    public JsonNode single() {
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one event, found " + all.size() + ": "
                    + all.stream().limit(5).map(JvmRun::brief).toList());
        }
        return all.get(0);
    }

    /** The events grouped by the value of one text field (events without it left out), each group in order. */
    public Map<String, Events> groupedBy(String field) {
        return all.stream().filter(e -> e.hasNonNull(field)).collect(Collectors.groupingBy(
                e -> e.path(field).asText(), LinkedHashMap::new,
                Collectors.collectingAndThen(Collectors.toList(), Events::new)));
    }

    /**
     * How many events have each value of one field ({@code "-"} for events without it); a dotted name reaches
     * into objects ({@code input.type}).
     */
    public Map<String, Long> countBy(String field) {
        return all.stream().collect(Collectors.groupingBy(e -> at(e, field).asText("-"), java.util.TreeMap::new,
                Collectors.counting()));
    }

    private static JsonNode at(JsonNode event, String dottedField) {
        JsonNode node = event;
        for (String name : dottedField.split("\\.")) {
            node = node.path(name);
        }
        return node;
    }

    /** The values of one text field, in order. */
    public List<String> texts(String field) {
        return all.stream().map(e -> e.path(field).asText(null)).toList();
    }

    @Override
    public String toString() {
        return all.size() + " events " + all.stream().limit(5).map(JvmRun::brief).toList();
    }
}
