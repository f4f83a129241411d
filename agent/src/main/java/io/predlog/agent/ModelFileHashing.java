package io.predlog.agent;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.modelfile.DigestSettings;
import io.predlog.agent.modelfile.ModelFileDigests;

/**
 * {@code model_sha256} as a {@link Capability}: the hashing thread starts when there are load targets (and the
 * digest is on); at exit, the digests under way get part of the shutdown budget before the successes still waiting
 * for them are written without.
 */
final class ModelFileHashing implements Capability {

    private final ModelFileDigests digests;
    private final boolean wanted;

    ModelFileHashing(AgentConfig config) {
        DigestSettings settings = DigestSettings.from(config);
        this.digests = new ModelFileDigests(settings);
        this.wanted = settings.enabled() && !config.targets(TargetKind.LOAD).isEmpty();
    }

    @Override
    public String name() {
        return "model-sha256";
    }

    @Override
    public void start() {
        if (wanted) {
            digests.start();
        }
    }

    /** The digests load calls join their successes with (they begin none until {@link #start}). */
    ModelFileDigests digests() {
        return digests;
    }

    @Override
    public void beforeDrain(long budgetMillis) {
        digests.finishBeforeExit(budgetMillis);
    }
}
