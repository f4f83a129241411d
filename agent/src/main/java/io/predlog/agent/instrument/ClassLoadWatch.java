package io.predlog.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Tells when classes of a few names are loaded, and by which loader, without changing anything: one
 * transformer that only looks at names (one map lookup per class load), shared by every capability that waits
 * for an application library (logging context, OpenTelemetry, the slf4j sink). Classes of those names loaded
 * before it was installed are reported at once. Register with {@link #watch}, then {@link #install} once.
 */
public final class ClassLoadWatch implements ClassFileTransformer {

    private final Map<String, List<BiConsumer<String, ClassLoader>>> byInternalName = new HashMap<>();

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

    /** Starts watching (nothing when no name was registered) and reports the classes already loaded. */
    public void install(Instrumentation instrumentation) {
        if (byInternalName.isEmpty()) {
            return;
        }
        instrumentation.addTransformer(this, false);
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            report(loaded.getName().replace('.', '/'), loaded.getClassLoader());
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined == null && className != null) {
            report(className, loader);
        }
        return null;
    }

    private void report(String internalName, ClassLoader loader) {
        List<BiConsumer<String, ClassLoader>> listeners = byInternalName.get(internalName);
        if (listeners == null) {
            return;
        }
        String name = internalName.replace('/', '.');
        for (BiConsumer<String, ClassLoader> listener : listeners) {
            try {
                listener.accept(name, loader);
            } catch (Throwable ignored) {
                // a watch never breaks class loading
            }
        }
    }
}
