package io.predlog.cli.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One readable line per event, as {@code tail} prints it:
 * {@code <time> <level> <service> <event> <model@version> <duration> <what else matters for that kind>}.
 */
final class EventSummary {

    private EventSummary() {
    }

    static String line(EventRow e) {
        StringBuilder b = new StringBuilder();
        b.append(e.timestamp() == null ? "-" : e.timestamp().toString()).append(' ');
        b.append(pad(e.level() == null ? "-" : e.level(), 5)).append(' ');
        b.append(e.service() == null ? "-" : e.service()).append(' ');
        b.append(e.event());
        String model = e.model();
        if (!model.isEmpty()) {
            b.append(' ').append(model);
        }
        Double d = e.duration();
        if (d != null) {
            b.append(' ').append(EventRow.ms(d));
        }
        for (String detail : details(e)) {
            b.append("  ").append(detail);
        }
        return b.toString();
    }

    /** What else is worth a glance for the event's kind. */
    private static List<String> details(EventRow e) {
        List<String> out = new ArrayList<>();
        JsonNode j = e.json();
        switch (e.event() == null ? "" : e.event()) {
            case "model_stats" -> {
                out.add("calls=" + j.path("calls").asText("?") + " errors=" + j.path("errors").asText("?"));
                if (j.path("latency_ms").has("p99")) {
                    out.add("p99=" + j.path("latency_ms").path("p99").asText() + " ms");
                }
                out.add("window " + j.path("window_start").asText("?") + " .. " + j.path("window_end").asText("?"));
            }
            case "drift_detected", "drift_resolved" -> out.add(j.path("feature").asText("?") + " " + j.path("metric").asText("?")
                    + "=" + j.path("value").asText("?") + " (threshold " + j.path("threshold").asText("?") + ")"
                    + (j.has("severity") ? " " + j.path("severity").asText() : ""));
            case "agent_health" -> {
                out.add("written=" + j.path("events_written").asText("?") + " dropped=" + j.path("events_dropped").asText("?")
                        + " queue=" + j.path("queue_depth").asText("?") + "/" + j.path("queue_capacity").asText("?"));
                if (j.path("final").asBoolean(false)) {
                    out.add("final");
                }
            }
            case "inflight_at_crash" -> out.add("crashed_pid=" + j.path("crashed_pid").asText("?") + " "
                    + j.path("call").asText("?") + " " + j.path("method").asText(""));
            default -> {
                if (e.target() != null) {
                    out.add("target=" + e.target());
                }
            }
        }
        if (e.requestId() != null) {
            out.add("req=" + e.requestId());
        }
        if (e.errorType() != null) {
            out.add(e.errorType() + (e.errorMsg() == null ? "" : ": " + e.errorMsg()));
        }
        return out;
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
