package io.predlog.agenttests.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a finished child JVM left behind: exit code, output, and the events the agent wrote.
 *
 * @param exitCode the exit code ({@link Integer#MIN_VALUE} if it had to be killed)
 * @param pid      the process id, as the operating system gave it
 */
public record JvmRun(List<String> command, int exitCode, long pid, Path workDir, Path fileDir,
                     List<String> stdout, List<String> stderr, Instant started, Instant finished) {

    private static final String DIAGNOSTIC_PREFIX = "[predlog]";

    /** The event the agent writes about itself (periodically and at shutdown), kept apart from the calls' events. */
    public static final String AGENT_HEALTH = "agent_health";

    /**
     * The events of the application's calls: every JSON line of every {@code *.jsonl} (and {@code *.jsonl.gz})
     * file under {@code file.dir}, except {@code agent_health} (see {@link #health()}).
     */
    public Events events() {
        return withoutHealth(allEvents());
    }

    /** Every JSON line of every event file, {@code agent_health} included, in file order. */
    public Events allEvents() {
        return EventFiles.read(fileDir, this);
    }

    /** The {@code agent_health} events in the event files, in order. */
    public Events health() {
        return allEvents().named(AGENT_HEALTH);
    }

    /** Events that the {@code stdout} sink wrote (standard-output JSON lines), except {@code agent_health}. */
    public Events stdoutEvents() {
        return withoutHealth(EventFiles.parseLines(stdout.stream().filter(JvmRun::isJsonLine).toList(), "stdout", this));
    }

    private static Events withoutHealth(Events events) {
        return events.where(e -> !AGENT_HEALTH.equals(e.path("event").asText()));
    }

    /** What the application itself printed: standard output without the stdout sink's JSON lines. */
    public List<String> appStdout() {
        return stdout.stream().filter(line -> !isJsonLine(line)).toList();
    }

    /** The agent's diagnostics: standard-error lines starting with {@code [predlog]}. */
    public List<String> diagnostics() {
        return stderr.stream().filter(line -> line.startsWith(DIAGNOSTIC_PREFIX)).toList();
    }

    /** Standard error without the agent's diagnostics. */
    public List<String> appStderr() {
        return stderr.stream().filter(line -> !line.startsWith(DIAGNOSTIC_PREFIX)).toList();
    }

    /** A description for assertion messages: the command, exit code and both streams (tails). */
    public String describe() {
        return "command: " + String.join(" ", command) + "\nexit code: " + exitCode + "\nwork dir: " + workDir
                + "\n--- stdout (tail) ---\n" + tail(stdout) + "\n--- stderr (tail) ---\n" + tail(stderr);
    }

    /** Fails unless the JVM exited with 0. Returns this run, for chaining. */
    public JvmRun assertSucceeded() {
        if (exitCode != 0) {
            throw new AssertionError("child JVM exited with " + exitCode + "\n" + describe());
        }
        return this;
    }

    private static boolean isJsonLine(String line) {
        return line.startsWith("{");
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - 40);
        return lines.subList(from, lines.size()).stream()
                .map(line -> line.length() > 400 ? line.substring(0, 400) + "..." : line)
                .collect(Collectors.joining("\n"));
    }

    /** A short form of an event for messages. */
    static String brief(JsonNode event) {
        String text = event.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
