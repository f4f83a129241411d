package io.predlog.agent.extension;

import io.predlog.agent.adapter.TypeAdapter;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.SinkFactories;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The extension jars that {@code predlog.extensions} names, read by one class loader whose parent is the agent's own
 * (docs/ARCHITECTURE.md, "Class loaders"): they link against the agent's extension points and the JDK, never against
 * the application's classes or the libraries the agent bundles. What they offer is found with {@link ServiceLoader}
 * in that loader: input types ({@link TypeAdapter.Factory}) and sinks ({@link io.predlog.agent.sink.Sink.Factory}).
 * Made once at start-up; immutable; the loader stays open for the life of the JVM.
 */
public final class Extensions {

    /** No extension jars: the agent's own loader, which offers no extension services. */
    public static final Extensions NONE = new Extensions(null, List.of());

    private final ClassLoader loader;
    private final List<Path> jars;

    private Extensions(ClassLoader loader, List<Path> jars) {
        this.loader = loader;
        this.jars = jars;
    }

    /**
     * One loader over {@code jars} (jar files or class directories, in order), its parent the agent's loader.
     *
     * @throws IllegalArgumentException naming {@code predlog.extensions} and the path, for a path that is no URL
     */
    public static Extensions of(List<Path> jars) {
        if (jars.isEmpty()) {
            return NONE;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("predlog.extensions: '" + jars.get(i) + "' cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return new Extensions(new URLClassLoader("predlog-extensions", urls, Extensions.class.getClassLoader()),
                List.copyOf(jars));
    }

    /** The jars, as named. */
    public List<Path> jars() {
        return jars;
    }

    /**
     * The sink factories: {@code builtIn} (the agent's own), then those the jars list in
     * {@code META-INF/services/io.predlog.agent.sink.Sink$Factory} ({@link SinkFactories#and}); a name already taken is
     * reported and left out.
     */
    public SinkFactories sinkFactories(SinkFactories builtIn) {
        return loader == null ? builtIn : builtIn.and(loader);
    }

    /**
     * The input-type factories the jars list, in the order found. One that cannot be loaded or made is reported on
     * stderr and left out; the others still apply.
     */
    public List<TypeAdapter.Factory> typeAdapters() {
        if (loader == null) {
            return List.of();
        }
        List<TypeAdapter.Factory> found = new ArrayList<>();
        Iterator<TypeAdapter.Factory> it = ServiceLoader.load(TypeAdapter.Factory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                Diagnostics.error("extensions: an input type could not be loaded and is left out: " + e.getMessage());
                if (e instanceof ServiceConfigurationError && e.getCause() instanceof IOException) {
                    break; // the services file itself cannot be read: nothing more will be listed
                }
            }
        }
        return List.copyOf(found);
    }
}
