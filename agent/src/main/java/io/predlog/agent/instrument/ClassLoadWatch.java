package io.predlog.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Tells when classes of a few names are loaded, and by which loader, without changing anything: one
 * transformer that only looks at names (one map lookup per class load), shared by every capability that waits
 * for an application library (logging context, OpenTelemetry, the slf4j sink). Register with {@link #watch}, then
 * {@link #install} once; classes of those names loaded before that are reported then.
 *
 * <p>The listeners are registered by parts that start beside the application, while the application may be
 * loading those very classes. A class whose loading had already passed the registered transformers when this
 * one was added, and that was defined only after the loaded classes were listed, would be seen by neither. So
 * the transformer can be added first, with the names that will be watched ({@link #listening}), before the
 * application's {@code main}: it remembers the loads of those names until {@link #install} hands them to the
 * listeners. Names watched only later rely on the list of loaded classes.
 */
public final class ClassLoadWatch implements ClassFileTransformer {

    /** Loads remembered before {@link #install}; more (a class loader per request) rely on the loaded classes. */
    static final int MAX_REMEMBERED = 256;

    private record Load(String internalName, ClassLoader loader) {
    }

    private final Map<String, List<BiConsumer<String, ClassLoader>>> byInternalName = new HashMap<>();
    /** Internal names whose loads are remembered until {@link #install}. */
    private final Set<String> early;
    /** The listeners by internal name once installed; null before (then only {@link #early} names count). */
    private volatile Map<String, List<BiConsumer<String, ClassLoader>>> live;
    /** Loads of {@link #early} names before {@link #install}; guarded by {@code this}. */
    private List<Load> remembered = new ArrayList<>();
    private boolean added;

    private ClassLoadWatch(Set<String> early) {
        Set<String> internal = new HashSet<>();
        for (String name : early) {
            internal.add(name.replace('.', '/'));
        }
        this.early = Set.copyOf(internal);
    }

    /**
     * A watch whose transformer is added now and remembers the loads of {@code classNames} until {@link #install};
     * with no name given, nothing is added before {@link #install}.
     */
    public static ClassLoadWatch listening(Instrumentation instrumentation, Set<String> classNames) {
        ClassLoadWatch watch = new ClassLoadWatch(classNames);
        if (!watch.early.isEmpty()) {
            instrumentation.addTransformer(watch, false);
            watch.added = true;
        }
        return watch;
    }

    /**
     * Adds names to watch; call before {@link #install}.
     *
     * @param classNames binary names to watch
     * @param onLoad     called with the binary name and the defining loader; must not load classes itself
     */
    public ClassLoadWatch watch(Set<String> classNames, BiConsumer<String, ClassLoader> onLoad) {
        for (String name : classNames) {
            byInternalName.computeIfAbsent(name.replace('.', '/'), n -> new ArrayList<>()).add(onLoad);
        }
        return this;
    }

    /**
     * Starts reporting: the loads remembered since {@link #listening}, then the classes already loaded (each
     * class and loader once between the two), then every load as it happens. Without any name watched, the
     * transformer is removed.
     */
    public void install(Instrumentation instrumentation) {
        Map<String, List<BiConsumer<String, ClassLoader>>> listeners = Map.copyOf(byInternalName);
        List<Load> before;
        synchronized (this) {
            live = listeners;
            before = remembered;
            remembered = null;
        }
        if (listeners.isEmpty()) {
            if (added) {
                instrumentation.removeTransformer(this);
            }
            return;
        }
        if (!added) {
            instrumentation.addTransformer(this, false);
        }
        Map<ClassLoader, Set<String>> reported = new IdentityHashMap<>();
        Set<String> bootstrap = new HashSet<>(); // an IdentityHashMap takes no null key
        for (Load load : before) {
            if ((load.loader() == null ? bootstrap : reported.computeIfAbsent(load.loader(), l -> new HashSet<>()))
                    .add(load.internalName())) {
                report(listeners, load.internalName(), load.loader());
            }
        }
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            String internalName = loaded.getName().replace('.', '/');
            if (!listeners.containsKey(internalName)) {
                continue;
            }
            ClassLoader loader = loaded.getClassLoader();
            Set<String> seen = loader == null ? bootstrap : reported.getOrDefault(loader, Collections.emptySet());
            if (!seen.contains(internalName)) {
                report(listeners, internalName, loader);
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined != null || className == null) {
            return null;
        }
        Map<String, List<BiConsumer<String, ClassLoader>>> listeners = live;
        if (listeners == null) {
            if (!early.contains(className) || remember(className, loader)) {
                return null;
            }
            listeners = live; // installed meanwhile
        }
        report(listeners, className, loader);
        return null;
    }

    /** Keeps a load for {@link #install}; false when it has already run, and the load is to be reported now. */
    private synchronized boolean remember(String internalName, ClassLoader loader) {
        if (remembered == null) {
            return false;
        }
        if (remembered.size() < MAX_REMEMBERED) {
            remembered.add(new Load(internalName, loader));
        }
        return true;
    }

    private static void report(Map<String, List<BiConsumer<String, ClassLoader>>> listeners, String internalName,
                               ClassLoader loader) {
        List<BiConsumer<String, ClassLoader>> forName = listeners.get(internalName);
        if (forName == null) {
            return;
        }
        String name = internalName.replace('/', '.');
        for (BiConsumer<String, ClassLoader> listener : forName) {
            try {
                listener.accept(name, loader);
            } catch (Throwable ignored) {
                // a watch never breaks class loading
            }
        }
    }
}
