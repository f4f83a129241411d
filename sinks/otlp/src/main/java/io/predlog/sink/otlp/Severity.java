package io.predlog.sink.otlp;

/**
 * A log record's severity, from the event's {@code level}: {@code ERROR} is {@link #ERROR}, {@code WARN} is
 * {@link #WARN}, anything else {@link #INFO}; an event without a level whose name ends in {@code _failure} is
 * {@link #ERROR}. The numbers are OTLP's {@code SeverityNumber} values (docs/EVENTS.md, "As OpenTelemetry log records").
 */
enum Severity {
    INFO(9),
    WARN(13),
    ERROR(17);

    /** OTLP's {@code SEVERITY_NUMBER_INFO}, {@code _WARN}, {@code _ERROR}. */
    final int number;

    Severity(int number) {
        this.number = number;
    }

    /** The severity of an event of this {@code level} (null when it has none) and name. */
    static Severity of(String level, String eventName) {
        if (level == null) {
            return eventName != null && eventName.endsWith("_failure") ? ERROR : INFO;
        }
        return switch (level) {
            case "ERROR" -> ERROR;
            case "WARN" -> WARN;
            default -> INFO;
        };
    }
}
