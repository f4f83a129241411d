package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.instrument.UnmatchedTarget;
import io.predlog.agent.record.TargetRuntime;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Warns about targets that have matched no method, a while after start and again when the JVM exits: a typo
 * in a class name is the most common way to record nothing. Each target is named at most once, with what the
 * loaded classes say about it ({@link UnmatchedTarget}).
 */
final class UnmatchedTargetWarning implements Capability {

    private final List<TargetRuntime> targets;
    private final AtomicBoolean[] warned;
    private final Supplier<Class<?>[]> loadedClasses;
    private final long delayMillis;

    /** @param delayMillis how long after start the first warning comes ({@code predlog.unmatched_warning_s}) */
    UnmatchedTargetWarning(List<TargetRuntime> targets, Supplier<Class<?>[]> loadedClasses, long delayMillis) {
        this.targets = targets;
        this.loadedClasses = loadedClasses;
        this.delayMillis = delayMillis;
        this.warned = new AtomicBoolean[targets.size()];
        for (int i = 0; i < warned.length; i++) {
            warned[i] = new AtomicBoolean();
        }
    }

    @Override
    public String name() {
        return "unmatched-targets";
    }

    @Override
    public void start() {
        schedule(delayMillis);
    }

    /** At exit, the targets still unmatched are named. */
    @Override
    public void beforeDrain(long budgetMillis) {
        warnNow();
    }

    /** Warns once the delay has passed, from a daemon thread that ends right after. */
    void schedule(long delayMillis) {
        if (targets.isEmpty() || delayMillis <= 0) {
            return;
        }
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                warnNow();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "predlog-unmatched-check");
        timer.setDaemon(true);
        timer.start();
    }

    /** Names every target that has not matched yet and was not named before. */
    void warnNow() {
        Class<?>[] loaded = null;
        for (int i = 0; i < warned.length; i++) {
            TargetRuntime target = targets.get(i);
            if (!target.matched() && warned[i].compareAndSet(false, true)) {
                String why;
                try {
                    if (loaded == null) {
                        loaded = loadedClasses.get();
                    }
                    why = UnmatchedTarget.explain(target.spec().pattern(), loaded);
                } catch (Throwable t) {
                    why = "check the class and method names (a class that is never loaded is never matched)";
                }
                Diagnostics.warn("target predlog." + target.kind().key() + "." + target.name() + " = "
                        + target.spec().pattern().text() + " has matched no method yet: " + why);
            }
        }
    }
}
