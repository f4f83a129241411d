package io.predlog.sample.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Loads model versions from the files shipped under {@code models/<name>/<version>.properties}
 * (tabular) or {@code models/<name>/<version>.txt} (vector) on the class path, and keeps one active
 * version per model name. Thread-safe: a load replaces the active version atomically, and calls
 * already holding the previous {@link Model} finish on it.
 */
public final class ModelRegistry {
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final ClassLoader classLoader;
    private final String root;
    private final ConcurrentMap<String, Model> active = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> loaded = new ConcurrentHashMap<>();

    /** A registry over the models this module ships. */
    public ModelRegistry() {
        this(ModelRegistry.class.getClassLoader(), "models/");
    }

    /** A registry over the model files found under {@code root} (ending in {@code /}) in a class loader. */
    public ModelRegistry(ClassLoader classLoader, String root) {
        this.classLoader = classLoader;
        this.root = root;
    }

    /**
     * Reads and builds a model version, then makes it the active version of its name.
     *
     * @return the model just loaded
     * @throws UnknownModelException if no file exists for that name and version
     * @throws ModelFormatException  if the file does not parse; the previous active version stays
     */
    public Model load(String name, String version) {
        if (name == null || version == null || !SAFE_NAME.matcher(name).matches()
                || !SAFE_NAME.matcher(version).matches()) {
            throw new UnknownModelException("unknown model '" + name + "' version '" + version + "'");
        }
        String base = root + name + "/" + version;
        Model model;
        try (InputStream tabular = classLoader.getResourceAsStream(base + ".properties")) {
            if (tabular != null) {
                try (Reader reader = new InputStreamReader(tabular, StandardCharsets.UTF_8)) {
                    model = TabularModel.parse(name, version, reader);
                }
            } else {
                try (InputStream vector = classLoader.getResourceAsStream(base + ".txt")) {
                    if (vector == null) {
                        throw new UnknownModelException("unknown model '" + name + "' version '" + version + "'");
                    }
                    model = new VectorModel(name, version, vector);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + base, e);
        }
        active.put(name, model);
        loaded.computeIfAbsent(name, k -> new ConcurrentHashMap<String, Boolean>().keySet(Boolean.TRUE)).add(version);
        return model;
    }

    /**
     * The active version of a model.
     *
     * @throws UnknownModelException if no version of that name has been loaded
     */
    public Model get(String name) {
        Model model = name == null ? null : active.get(name);
        if (model == null) {
            throw new UnknownModelException("unknown model '" + name + "'");
        }
        return model;
    }

    /** The active models, sorted by name. */
    public List<Model> activeModels() {
        List<Model> models = new ArrayList<>(active.values());
        models.sort(Comparator.comparing(Model::name));
        return models;
    }

    /** Every version loaded so far (successfully), by model name, both sorted. */
    public Map<String, Set<String>> loadedVersions() {
        Map<String, Set<String>> out = new TreeMap<>();
        loaded.forEach((name, versions) -> out.put(name, new TreeSet<>(versions)));
        return out;
    }
}
