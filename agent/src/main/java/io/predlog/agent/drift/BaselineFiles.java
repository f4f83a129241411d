package io.predlog.agent.drift;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Baselines read from the files {@code predlog.drift.baseline} names (format: docs/DRIFT.md), looked up by model
 * version when a model is first seen. Read once at start-up; immutable after.
 */
public final class BaselineFiles {

    /** No baseline files. */
    public static final BaselineFiles NONE = new BaselineFiles(List.of());

    private final List<Entry> entries;

    private BaselineFiles(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the files with the default number of numeric bins. */
    public static BaselineFiles read(List<Path> files) throws BaselineFileException {
        return read(files, DriftSettings.DEFAULT_BINS);
    }

    /** Reads the files the settings name, with the settings' number of numeric bins. */
    public static BaselineFiles read(DriftSettings settings) throws BaselineFileException {
        return read(settings.baselineFiles(), settings.bins());
    }

    /**
     * Reads baseline files.
     *
     * @throws BaselineFileException naming the file (and line and column, where the parser knows them) and what
     *                               is wrong, for the first problem met; also when two entries describe the same
     *                               target, model id and version
     */
    public static BaselineFiles read(List<Path> files, int bins) throws BaselineFileException {
        List<Entry> all = new ArrayList<>();
        Map<List<String>, Entry> seen = new HashMap<>();
        for (Path file : files) {
            for (Entry e : BaselineFileReader.read(file, bins)) {
                Entry earlier = seen.putIfAbsent(Arrays.asList(e.target(), e.modelId(), e.modelVersion()), e);
                if (earlier != null) {
                    throw new BaselineFileException(file, 0, 0, "a second baseline for model " + e.describe()
                            + " (the first is in " + earlier.source() + ")");
                }
                all.add(e);
            }
        }
        return all.isEmpty() ? NONE : new BaselineFiles(all);
    }

    /** Every baseline read, in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The baseline given for this model version as this target serves it, or null to learn one: an entry for the
     * model id and version (both equal; an entry without {@code model_version} is for a model whose version is
     * unknown) whose {@code target} is this target, else one without {@code target}.
     */
    public Baseline find(String target, String modelId, String modelVersion) {
        Entry e = entry(target, modelId, modelVersion);
        return e == null ? null : e.baseline();
    }

    /**
     * The baseline of the output's features given for this model version as this target serves it (the same entry as
     * {@link #find}'s), or null to learn one.
     */
    public Baseline findOutput(String target, String modelId, String modelVersion) {
        Entry e = entry(target, modelId, modelVersion);
        return e == null ? null : e.output();
    }

    private Entry entry(String target, String modelId, String modelVersion) {
        Entry anyTarget = null;
        for (Entry e : entries) {
            if (Objects.equals(e.modelId(), modelId) && Objects.equals(e.modelVersion(), modelVersion)) {
                if (e.target() != null && e.target().equals(target)) {
                    return e;
                }
                if (e.target() == null && anyTarget == null) {
                    anyTarget = e;
                }
            }
        }
        return anyTarget;
    }

    /**
     * One baseline of a file.
     *
     * @param target       the target it applies to, or null for every target serving the model
     * @param modelId      the model id
     * @param modelVersion the model version, or null for a model without one
     * @param baseline     the input features' distributions (its source is the file's path), or null when the entry
     *                     gives only {@code output_features}
     * @param output       the output features' distributions ({@code output_features}), or null when not given
     */
    public record Entry(String target, String modelId, String modelVersion, Baseline baseline, Baseline output) {

        /** An entry with input features only. */
        public Entry(String target, String modelId, String modelVersion, Baseline baseline) {
            this(target, modelId, modelVersion, baseline, null);
        }

        /** The file it was read from. */
        String source() {
            return (baseline != null ? baseline : output).source();
        }

        String describe() {
            return modelId + (modelVersion == null ? "" : " version " + modelVersion)
                    + (target == null ? "" : " for target " + target);
        }
    }
}
