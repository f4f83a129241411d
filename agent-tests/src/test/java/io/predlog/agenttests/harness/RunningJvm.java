package io.predlog.agenttests.harness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A long-running child JVM, such as the sample HTTP service: wait for a line on its standard output, talk to
 * it, then {@link #stop()} it with SIGTERM so that its shutdown hooks (and the agent's flush) run.
 */
public final class RunningJvm implements AutoCloseable {

    private final AgentJvm.Launch launch;
    private final Duration timeout;
    private JvmRun finished;

    RunningJvm(AgentJvm.Launch launch, Duration timeout) {
        this.launch = launch;
        this.timeout = timeout;
    }

    /** Waits until a standard-output line matches and returns the match (fails if the JVM exits first). */
    public Matcher awaitStdout(Pattern pattern, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : AgentJvm.Launch.readLines(launch.stdout())) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (!launch.process().isAlive()) {
                fail("child JVM exited before printing " + pattern + "\n" + launch.finish().describe());
            }
            sleep(50);
        }
        launch.process().destroyForcibly();
        fail("child JVM did not print " + pattern + " within " + limit + "\n" + launch.finish().describe());
        return null;
    }

    /** Current standard-output lines. */
    public List<String> stdoutSoFar() {
        return AgentJvm.Launch.readLines(launch.stdout());
    }

    /** Sends SIGTERM ({@link Process#destroy()}) and waits for the JVM to exit. */
    public JvmRun stop() {
        if (finished != null) {
            return finished;
        }
        launch.process().destroy();
        try {
            if (!launch.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                launch.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                finished = launch.finish();
                fail("child JVM did not exit within " + timeout + " of SIGTERM\n" + finished.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finished = launch.finish();
        return finished;
    }

    /** Waits for the JVM to exit by itself; fails the test (and kills it) if it outlives the timeout. */
    public JvmRun awaitExit() {
        if (finished != null) {
            return finished;
        }
        try {
            if (!launch.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                launch.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                finished = launch.finish();
                fail("child JVM did not exit within " + timeout + "\n" + finished.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finished = launch.finish();
        return finished;
    }

    /**
     * Sends SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook runs, as when the OOM killer strikes.
     * Waits for the process to be gone.
     */
    public JvmRun kill() {
        if (finished != null) {
            return finished;
        }
        try {
            launch.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finished = launch.finish();
        return finished;
    }

    /** The process id. */
    public long pid() {
        return launch.process().pid();
    }

    @Override
    public void close() {
        if (finished == null && launch.process().isAlive()) {
            launch.process().destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
