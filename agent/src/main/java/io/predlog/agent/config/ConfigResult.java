package io.predlog.agent.config;

import java.util.List;

/**
 * What {@link ConfigLoader#load} found: the settings, or the errors that prevent them.
 *
 * @param config   the validated settings; null when {@code errors} is non-empty or the agent is disabled
 * @param errors   every error found (not only the first), in a stable order
 * @param warnings one line each, already naming key and origin
 * @param enabled  false when {@code predlog.enabled=false}
 * @param failFast whether to exit on errors; best effort (default false) when that key itself is bad
 */
public record ConfigResult(AgentConfig config, List<ConfigError> errors, List<String> warnings, boolean enabled,
        boolean failFast) {

    public ConfigResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** True when the agent should start: enabled and without errors. */
    public boolean ok() {
        return enabled && errors.isEmpty() && config != null;
    }
}
