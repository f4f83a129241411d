package io.predlog.agent.drift;

import java.nio.file.Path;
import java.util.List;

/**
 * Drift detection settings (issue 5). SKELETON: the drift work adds the thresholds and their config keys.
 *
 * @param baselineSize  a learned baseline is the first this many predictions of a model version
 * @param baselineFiles baseline files given in the config
 */
public record DriftSettings(long baselineSize, List<Path> baselineFiles) {
}
