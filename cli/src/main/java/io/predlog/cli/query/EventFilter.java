package io.predlog.cli.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events a command looks at: a time range and the values a field must have. An empty list accepts any
 * value; several values of one field accept any of them.
 *
 * @param since    earliest {@code timestamp} kept (inclusive), or null
 * @param until    latest {@code timestamp} kept (exclusive), or null
 * @param services accepted {@code service} values
 * @param models   accepted {@code model_id} values
 * @param versions accepted {@code model_version} values
 * @param targets  accepted {@code target} values
 * @param levels   accepted {@code level} values
 */
public record EventFilter(Instant since, Instant until, List<String> services, List<String> models,
                          List<String> versions, List<String> targets, List<String> levels) {

    /** Accepts every event. */
    public static final EventFilter ALL = new EventFilter(null, null, List.of(), List.of(), List.of(), List.of(), List.of());

    public EventFilter {
        services = List.copyOf(services);
        models = List.copyOf(models);
        versions = List.copyOf(versions);
        targets = List.copyOf(targets);
        levels = List.copyOf(levels);
    }

    /** The same filter, keeping only events of these levels. */
    public EventFilter withLevels(List<String> accepted) {
        return new EventFilter(since, until, services, models, versions, targets, accepted);
    }

    /** The same filter, keeping only these model ids and versions. */
    public EventFilter withModel(List<String> modelIds, List<String> modelVersions) {
        return new EventFilter(since, until, services, modelIds, modelVersions, targets, levels);
    }

    /** This filter as a SQL condition over the view's columns, values as literals. */
    String condition() {
        List<String> parts = new ArrayList<>();
        if (since != null) {
            parts.add("\"timestamp\" >= TIMESTAMP '" + utc(since) + "'");
        }
        if (until != null) {
            parts.add("\"timestamp\" < TIMESTAMP '" + utc(until) + "'");
        }
        in(parts, "service", services);
        in(parts, "model_id", models);
        in(parts, "model_version", versions);
        in(parts, "target", targets);
        in(parts, "level", levels);
        return parts.isEmpty() ? "true" : String.join(" AND ", parts);
    }

    private static String utc(Instant instant) {
        return java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC).toString();
    }

    private static void in(List<String> parts, String column, List<String> values) {
        if (!values.isEmpty()) {
            parts.add("\"" + column + "\" IN (" + values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }
}
