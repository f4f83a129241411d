package io.predlog.cli.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.predlog.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code predlog attach <pid>}: loads the agent into a JVM that is already running, through the JDK's attach
 * mechanism, as {@code -javaagent} would have at its start (the jar's {@code Agent-Class}); targets are installed on
 * the classes already loaded, and events follow from the next call on. The agent's own {@code [predlog]} lines go to
 * that process's standard error, not to this command's.
 */
@Command(name = "attach", description = "Loads the predlog agent into a running JVM (by process id), as -javaagent "
        + "would have at its start.")
public final class AttachCommand implements Callable<Integer> {

    /** The environment variable naming the agent jar when {@code --agent-jar} is not given. */
    static final String AGENT_JAR_ENV = "PREDLOG_AGENT_JAR";

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the running JVM (jps lists them).")
    long pid;

    @Option(names = "--agent-args", paramLabel = "ARGS", defaultValue = "",
            description = "The agent's arguments, as after -javaagent:predlog-agent.jar=, e.g. "
                    + "config=/etc/predlog/agent.properties")
    String agentArgs;

    @Option(names = "--agent-jar", paramLabel = "FILE", description = "The agent jar; default: $" + AGENT_JAR_ENV
            + ", else agent/target/predlog-agent.jar of the checkout this command was built in.")
    Path agentJar;

    @Override
    public Integer call() {
        Path jar = agentJar(agentJar, System.getenv(AGENT_JAR_ENV), ownJar());
        if (pid == ProcessHandle.current().pid()) {
            throw new UsageException("process " + pid + " is this command itself; give the process id of the "
                    + "application's JVM (jps -l lists the JVMs)");
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new UsageException("cannot attach to process " + pid + ": " + e.getMessage() + "; it must be a "
                    + "running JVM of the same user as this command (jps -l lists them), started without "
                    + "-XX:+DisableAttachMechanism");
        }
        try {
            vm.loadAgent(jar.toString(), agentArgs.isEmpty() ? null : agentArgs);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new AttachFailedException("process " + pid + " did not load " + jar + ": " + e
                    + "; its standard error says why");
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the agent is loaded or not either way
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("loaded " + jar + " into process " + pid
                + (agentArgs.isEmpty() ? " without arguments" : " with arguments " + agentArgs)
                + "; its [predlog] lines are on that process's standard error");
        out.flush();
        return 0;
    }

    /**
     * The agent jar: {@code given}, else {@code fromEnv}, else {@code agent/target/predlog-agent.jar} beside the
     * {@code cli/target} directory holding {@code cliJar}; a usage error naming what was tried when it is not a
     * file.
     */
    static Path agentJar(Path given, String fromEnv, Path cliJar) {
        Path jar;
        String source;
        if (given != null) {
            jar = given;
            source = "--agent-jar";
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            jar = Path.of(fromEnv);
            source = "$" + AGENT_JAR_ENV;
        } else if (cliJar != null && cliJar.getParent() != null && cliJar.getParent().getParent() != null
                && cliJar.getParent().getParent().getParent() != null) {
            jar = cliJar.getParent().getParent().getParent().resolve("agent/target/predlog-agent.jar");
            source = "the checkout's agent/target";
        } else {
            throw new UsageException("no agent jar: give --agent-jar FILE or set " + AGENT_JAR_ENV);
        }
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(source + ": " + jar + " is not a file; give the agent jar with --agent-jar "
                    + "FILE (mvn -B package builds agent/target/predlog-agent.jar)");
        }
        return jar.toAbsolutePath();
    }

    /** The jar (or class directory) this command runs from. */
    private static Path ownJar() {
        try {
            return Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
