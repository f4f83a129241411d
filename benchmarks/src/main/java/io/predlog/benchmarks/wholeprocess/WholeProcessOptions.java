package io.predlog.benchmarks.wholeprocess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link WholeProcessBenchmark}.
 *
 * @param agentJar     predlog's agent jar ({@code --agent})
 * @param otelJar      the OpenTelemetry Java agent's jar ({@code --otel}); null: predlog against no agent only
 * @param baselineJar  another build of predlog's agent jar to run beside {@code agentJar} ({@code --baseline}), or
 *                     null
 * @param sampleJar    the sample service's jar ({@code --sample-app})
 * @param sampleConfig predlog's configuration for the sample service ({@code --sample-config})
 * @param springJar    the Spring Boot test service's executable jar ({@code --spring-app})
 * @param work         where runs write their files (each run's files are deleted after it, profiles kept)
 * @param rounds       rounds of every case, the agents alternated within each ({@code --rounds}, default 3)
 * @param quick        shorter cases, for a smoke run ({@code --quick}, one round unless {@code --rounds} says)
 * @param cases        the cases to run ({@code --cases a,b}, default all)
 * @param profile      the 18-feature case under JFR with a per-thread breakdown, instead of the table
 * @param jvmOptions   options given to every workload JVM, of every variant ({@code --jvm-option}, repeatable), such
 *                     as {@code -XX:CICompilerCount=6}: the same JVM settings for all, as a service's would be
 */
record WholeProcessOptions(Path agentJar, Path otelJar, Path baselineJar, Path sampleJar, Path sampleConfig, Path springJar, Path work,
                           int rounds,
                           boolean quick, List<Cases.Case> cases, boolean profile, List<String> jvmOptions) {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: WholeProcessBenchmark [--agent JAR] [--otel JAR] [--baseline JAR] [--sample-app JAR]",
            "                             [--sample-config FILE] [--spring-app JAR] [--work DIR] [--rounds N]",
            "                             [--quick] [--cases a,b,...] [--profile] [--jvm-option OPT]...",
            "  cases: " + String.join(",", Cases.all(false).stream().map(Cases.Case::name).toList()));

    static WholeProcessOptions parse(String[] args) {
        Path agent = Path.of("agent/target/predlog-agent.jar");
        Path otel = null;
        Path baseline = null;
        Path sample = Path.of("sample-app/target/predlog-sample-app.jar");
        Path sampleConfig = Path.of("agent.properties.example");
        Path spring = Path.of("test-apps/spring-boot-app/target/predlog-spring-boot-app-exec.jar");
        Path work = Path.of("benchmarks/target/whole-process");
        Integer rounds = null;
        boolean quick = false;
        boolean profile = false;
        List<String> caseNames = null;
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
                continue;
            }
            if (flag.equals("--profile")) {
                profile = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--agent" -> agent = Path.of(value);
                case "--otel" -> otel = Path.of(value);
                case "--baseline" -> baseline = Path.of(value);
                case "--sample-app" -> sample = Path.of(value);
                case "--sample-config" -> sampleConfig = Path.of(value);
                case "--spring-app" -> spring = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--cases" -> caseNames = Arrays.asList(value.split(","));
                case "--jvm-option" -> {
                    if (!value.startsWith("-")) {
                        throw new IllegalArgumentException("--jvm-option: not a JVM option (they start with '-'): "
                                + value);
                    }
                    jvmOptions.add(value);
                }
                case "--rounds" -> {
                    try {
                        rounds = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--rounds: not a whole number: " + value);
                    }
                    if (rounds < 1) {
                        throw new IllegalArgumentException("--rounds must be at least 1: " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        List<Cases.Case> all = Cases.all(quick);
        List<Cases.Case> cases = caseNames == null ? all : Cases.named(all, caseNames);
        boolean needsSample = cases.stream().anyMatch(c -> c.kind() == Cases.Kind.HTTP || c.kind() == Cases.Kind.STARTUP);
        requireFile("--agent", agent);
        if (otel != null) {
            requireFile("--otel", otel);
        }
        if (baseline != null) {
            requireFile("--baseline", baseline);
        }
        if (needsSample && !profile) {
            requireFile("--sample-app", sample);
            requireFile("--sample-config", sampleConfig);
        }
        if (!profile && cases.stream().anyMatch(c -> c.kind() == Cases.Kind.SPRING)) {
            requireFile("--spring-app", spring);
        }
        return new WholeProcessOptions(agent.toAbsolutePath(), otel == null ? null : otel.toAbsolutePath(),
                baseline == null ? null : baseline.toAbsolutePath(), sample.toAbsolutePath(), sampleConfig.toAbsolutePath(), spring.toAbsolutePath(), work.toAbsolutePath(),
                rounds != null ? rounds : quick ? 1 : 3, quick, cases, profile, List.copyOf(jvmOptions));
    }

    /** The variants to run, in the order a round starts them: no agent, predlog, then those given. */
    List<Agent> agents() {
        List<Agent> agents = new ArrayList<>(List.of(Agent.NONE, Agent.PREDLOG));
        if (otelJar != null) {
            agents.add(Agent.OTEL);
        }
        if (baselineJar != null) {
            agents.add(Agent.BASELINE);
        }
        return agents;
    }

    /** The agent jar of a build of predlog. */
    Path jarOf(Agent agent) {
        return agent == Agent.BASELINE ? baselineJar : agentJar;
    }

    private static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file " + file.toAbsolutePath()
                    + " (build with: mvn -B -ntp -q package -pl agent,sample-app,test-apps/spring-boot-app,benchmarks"
                    + " -am -DskipTests)");
        }
    }
}
