package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;

/**
 * Nights of the demo as it runs: {@code scripts/demo.sh} (the sample service under the real agent, the night
 * driver, the crash and the restart) with some incidents planted, shortened to {@link #SECONDS} s of traffic and
 * run {@link #PARALLEL} at a time, each followed by {@code predlog report --json} on its logs. Each night's logs and
 * the driver's account of it (when each phase began, the request that opened it) are kept under
 * {@code target/demo-nights/<name>}.
 */
final class DemoNights {

    /**
     * Seconds of traffic per night: seven phases of 4 s. The long lists are the scarcest evidence of a night: about
     * one call in eight of embed-sim's in their phase, fewer on a busy machine (a 1,024-vector list is a
     * megabyte of JSON to parse); 4 s phases give the report about twenty of them when the machine is idle.
     */
    static final int SECONDS = 28;
    /** Nights run at once. */
    static final int PARALLEL = 2;
    /** Requests a phase's service must answer for the night to be judged (about 30 a second are asked for). */
    static final long MIN_ANSWERS = 30;
    /**
     * Long lists the service must answer in their phase for the night to be judged: with fewer, a handful of slow
     * calls among hundreds cannot be told from chance (the report's episode test, Bonferroni-corrected over every run
     * of buckets, needs about ten when the rest of the night has one or two slow calls).
     */
    static final long MIN_LONG_LISTS = 12;

    /** The phases of the night, as the driver prints them. */
    enum Phase { CALM, LONG_LISTS, DRIFT, HOSTILE, NEW_VERSION, PARTNER_BATCH, WEDGE }

    /**
     * One night as it ran.
     *
     * @param name    its name (the directory under {@code target/demo-nights})
     * @param dir     the agent's log directory
     * @param output  what demo.sh printed
     * @param phases  when each phase began
     * @param opening the X-Request-ID of the request that opened a phase, where one did
     * @param answers requests of each phase that the service answered (200, or 422 for an input it refused)
     * @param report  what {@code predlog report --json} said of its logs
     */
    record Night(String name, Path dir, String output, Map<Phase, Instant> phases, Map<Phase, String> opening,
                 Map<Phase, Long> answers, JsonNode report) {

        /**
         * Asserts the service answered at least {@link #MIN_ANSWERS} requests in each phase before the crash and
         * the wedge: with fewer (a machine too busy for the service), a night's statistics cannot show its incidents,
         * and this says so instead of blaming the report.
         */
        void assertBusyEnough() {
            for (Phase phase : List.of(Phase.CALM, Phase.LONG_LISTS, Phase.DRIFT, Phase.NEW_VERSION, Phase.PARTNER_BATCH)) {
                long answered = answers.getOrDefault(phase, 0L);
                assertTrue(answered >= MIN_ANSWERS, () -> name + ": the service answered " + answered + " requests in phase "
                        + phase + " (at least " + MIN_ANSWERS + " needed): the machine was too busy for the night to show its "
                        + "incidents (" + load() + "); the driver's account:\n" + output);
            }
        }

        /**
         * Asserts the service answered at least {@link #MIN_LONG_LISTS} long embed-sim lists (over one vector) in the
         * night: with fewer (a machine too busy to parse them), the latency episode is not there to be found, and this
         * says so instead of blaming the report.
         */
        void assertLongListsEnough() throws Exception {
            CommandRunner.Run count = CommandRunner.run("sql", "--format", "csv", "SELECT count(*) FROM events WHERE event = "
                    + "'prediction_success' AND model_id = 'embed-sim' AND input.list_length > 64", dir.toString());
            assertEquals(0, count.exit(), count.err());
            long lists = Long.parseLong(count.out().strip().lines().reduce((a, b) -> b).orElse("0").strip());
            assertTrue(lists >= MIN_LONG_LISTS, () -> name + ": the service answered " + lists + " long lists (at least "
                    + MIN_LONG_LISTS + " needed): the machine was too busy for the night to show its latency incident ("
                    + load() + "); the driver's account:\n" + output);
        }

        /** When {@code phase} began. */
        Instant start(Phase phase) {
            Instant t = phases.get(phase);
            assertTrue(t != null, () -> name + ": the driver printed no start of " + phase + ":\n" + output);
            return t;
        }

        /** The length of a phase. */
        static Duration phase() {
            return Duration.ofMillis(SECONDS * 1000L / Phase.values().length);
        }
    }

    /**
     * A night to run.
     *
     * @param name      its name
     * @param incidents the {@code --incidents} argument of demo.sh
     * @param seed      the traffic seed
     */
    record Plan(String name, String incidents, long seed) {
    }

    private static final Path ROOT = Path.of("target", "demo-nights").toAbsolutePath();
    private static final Pattern PHASE = Pattern.compile("night-driver: (\\S+Z) phase (\\S+)");
    private static final Pattern OPENING = Pattern.compile("night-driver: +\\S+ \\S+ as X-Request-ID (\\S+) ->");
    private static final Pattern ANSWERS = Pattern.compile("night-driver: +([a-z_]+) +((?:\\S+=\\d+ ?)+)$");
    private static final Pattern ANSWERED = Pattern.compile("\\b(200|422)=(\\d+)");

    private DemoNights() {
    }

    /** Runs the nights, {@link #PARALLEL} at a time, and returns them by name. */
    static Map<String, Night> run(List<Plan> plans) throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        AgentLogs.agentJar();
        Path app = repository.resolve("sample-app/target/predlog-sample-app.jar");
        assertTrue(Files.isRegularFile(app), "the sample app's jar is missing: build it first (mvn -B -pl cli -am package "
                + "builds it), looked for " + app);
        deleteTree(ROOT);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            Map<String, Future<Night>> running = new LinkedHashMap<>();
            for (Plan plan : plans) {
                running.put(plan.name(), pool.submit(() -> night(repository, plan)));
            }
            Map<String, Night> out = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Night>> e : running.entrySet()) {
                out.put(e.getKey(), e.getValue().get(30, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Night night(Path repository, Plan plan) throws IOException, InterruptedException {
        Path dir = ROOT.resolve(plan.name());
        Files.createDirectories(dir);
        Path log = ROOT.resolve(plan.name() + ".out");
        Process p = new ProcessBuilder("bash", repository.resolve("scripts/demo.sh").toString(), "--seconds",
                String.valueOf(SECONDS), "--seed", String.valueOf(plan.seed()), "--incidents", plan.incidents(), "--no-report",
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(6, TimeUnit.MINUTES);
        if (!ended) { // stop the service too: demo.sh stops it on SIGTERM
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertTrue(ended && p.exitValue() == 0, () -> plan.name() + ": demo.sh did not end well:\n" + output);
        Map<Phase, Instant> phases = new EnumMap<>(Phase.class);
        Map<Phase, String> opening = new EnumMap<>(Phase.class);
        Map<Phase, Long> answers = new EnumMap<>(Phase.class);
        Phase current = null;
        for (String line : output.split("\n")) {
            Matcher a = ANSWERS.matcher(line);
            if (a.find()) {
                long n = 0;
                Matcher count = ANSWERED.matcher(a.group(2));
                while (count.find()) {
                    n += Long.parseLong(count.group(2));
                }
                answers.put(Phase.valueOf(a.group(1).toUpperCase(java.util.Locale.ROOT)), n);
                continue;
            }
            Matcher m = PHASE.matcher(line);
            if (m.find()) {
                current = Phase.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT));
                phases.put(current, Instant.parse(m.group(1)));
                continue;
            }
            Matcher o = OPENING.matcher(line);
            if (o.find() && current != null) {
                opening.put(current, o.group(1));
            }
        }
        CommandRunner.Run report = CommandRunner.run("report", "--json", dir.toString());
        assertEquals(0, report.exit(), () -> plan.name() + ": " + report.err());
        return new Night(plan.name(), dir, output, phases, opening, answers, new ObjectMapper().readTree(report.out()));
    }

    /** The machine's load average, as {@code /proc/loadavg} gives it. */
    static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "load average unknown";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The plans in the order given. */
    static List<Plan> plans(Plan... plans) {
        return new ArrayList<>(List.of(plans));
    }
}
