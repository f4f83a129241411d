package io.predlog.agenttests.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Describes one child JVM to start: what it runs, with which agent arguments, options, properties and
 * environment. Each run gets a fresh working directory and a fresh {@code file.dir}, so events never mix.
 *
 * <pre>{@code
 * JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args("linear=3").run();
 * }</pre>
 */
public final class AgentJvm {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final List<String> mainCommand;
    private final List<Path> classpath = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> optionsBeforeAgent = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private String agentArgs;
    private boolean fileDirArgument = true;
    private Path fileDir;
    private Duration timeout = Duration.ofSeconds(90);

    private AgentJvm(List<String> mainCommand, boolean defaultClasspath) {
        this.mainCommand = mainCommand;
        if (defaultClasspath) {
            classpath.add(TestEnvironment.fixtureClasses());
        }
    }

    /** A JVM running a fixture's main class from this module's test classes. */
    public static AgentJvm main(Class<?> mainClass) {
        return new AgentJvm(List.of(mainClass.getName()), true);
    }

    /** A JVM running a main class by name (add its class path with {@link #classpath}). */
    public static AgentJvm main(String mainClass) {
        return new AgentJvm(List.of(mainClass), true);
    }

    /** A JVM running a named module's main class: {@code java --module-path path -m module/mainClass}. */
    public static AgentJvm module(Path modulePath, String moduleAndMainClass) {
        return new AgentJvm(List.of("--module-path", modulePath.toString(), "-m", moduleAndMainClass), false);
    }

    /** A JVM running {@code java -jar jar}. */
    public static AgentJvm jar(Path jar) {
        return new AgentJvm(List.of("-jar", jar.toString()), false);
    }

    /** Replaces the class path. */
    public AgentJvm classpath(Path... entries) {
        classpath.clear();
        classpath.addAll(List.of(entries));
        return this;
    }

    /**
     * Attaches the agent with these arguments ({@code key=value,...}); {@code ""} attaches it with none, null
     * (the default) runs without the agent. Unless {@link #noFileDirArgument()}, {@code file.dir=<fresh dir>}
     * is appended.
     */
    public AgentJvm agentArgs(String agentArguments) {
        this.agentArgs = agentArguments;
        return this;
    }

    /** Leaves {@code file.dir} out of the agent arguments (the test sets it another way, or not at all). */
    public AgentJvm noFileDirArgument() {
        this.fileDirArgument = false;
        return this;
    }

    /** Uses this directory as {@code file.dir} instead of a fresh one; {@link JvmRun#events()} reads it. */
    public AgentJvm fileDir(Path dir) {
        this.fileDir = dir;
        return this;
    }

    /** A JVM option placed before predlog's {@code -javaagent} (another agent that must start first). */
    public AgentJvm beforeAgent(String option) {
        optionsBeforeAgent.add(option);
        return this;
    }

    public AgentJvm jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public AgentJvm systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public AgentJvm env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** Program arguments. */
    public AgentJvm args(String... programArgs) {
        args.addAll(List.of(programArgs));
        return this;
    }

    public AgentJvm timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs the JVM to completion (failing the test if it outlives the timeout). */
    public JvmRun run() {
        Launch launch = launch();
        try {
            if (!launch.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                launch.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                JvmRun partial = launch.finish();
                fail("child JVM did not exit within " + timeout + "\n" + partial.describe());
            }
        } catch (InterruptedException e) {
            launch.process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return launch.finish();
    }

    /** Starts the JVM and returns at once; see {@link RunningJvm}. */
    public RunningJvm start() {
        return new RunningJvm(launch(), timeout);
    }

    private Launch launch() {
        try {
            int number = RUNS.incrementAndGet();
            Path runsDir = TestEnvironment.runsDirectory();
            Files.createDirectories(runsDir);
            Path workDir = Files.createTempDirectory(runsDir, String.format("run%03d-", number)).toAbsolutePath();
            Path events = fileDir != null ? fileDir : workDir.resolve("events");

            List<String> command = new ArrayList<>();
            command.add(TestEnvironment.javaExecutable().toString());
            command.add("-XX:TieredStopAtLevel=1"); // child JVMs are short: start fast, leave the cores to others
            command.addAll(optionsBeforeAgent);
            if (agentArgs != null) {
                String arguments = agentArgs;
                if (fileDirArgument) {
                    arguments = arguments.isEmpty() ? "file.dir=" + events : arguments + ",file.dir=" + events;
                }
                command.add("-javaagent:" + TestEnvironment.agentJar() + (arguments.isEmpty() ? "" : "=" + arguments));
            }
            command.addAll(jvmOptions);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            if (!classpath.isEmpty() && !mainCommand.get(0).equals("-jar")) {
                command.add("-cp");
                command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            }
            command.addAll(mainCommand);
            command.addAll(args);

            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("PREDLOG_") || key.startsWith("JAVA_TOOL")
                    || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS"));
            builder.environment().putAll(environment);
            Path stdout = workDir.resolve("stdout.txt");
            Path stderr = workDir.resolve("stderr.txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Files.writeString(workDir.resolve("command.txt"), String.join(" ", command) + "\n");
            Instant started = Instant.now();
            Process process = builder.start();
            return new Launch(process, command, workDir, events, stdout, stderr, started);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a child JVM", e);
        }
    }

    /** A started process and where its output goes. */
    record Launch(Process process, List<String> command, Path workDir, Path fileDir, Path stdout, Path stderr,
                  Instant started) {

        JvmRun finish() {
            return new JvmRun(command, process.isAlive() ? Integer.MIN_VALUE : process.exitValue(), process.pid(),
                    workDir, fileDir, readLines(stdout), readLines(stderr), started, Instant.now());
        }

        static List<String> readLines(Path file) {
            try {
                return Files.exists(file)
                        ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList() : List.of();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
