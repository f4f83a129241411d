package io.predlog.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Tells when classes of a few names are loaded, and by which loader, without changing anything: a
 * transformer that only looks at names (one set lookup per class load). Classes of those names loaded before
 * it was installed are reported at once.
 */
public final class ClassLoadWatch implements ClassFileTransformer {

    private final Set<String> internalNames;
    private final BiConsumer<String, ClassLoader> onLoad;

    private ClassLoadWatch(Set<String> internalNames, BiConsumer<String, ClassLoader> onLoad) {
        this.internalNames = internalNames;
        this.onLoad = onLoad;
    }

    /**
     * @param classNames binary names to watch
     * @param onLoad     called with the binary name and the defining loader; must not load classes itself
     */
    public static void install(Instrumentation instrumentation, Set<String> classNames,
                               BiConsumer<String, ClassLoader> onLoad) {
        Set<String> internal = new java.util.HashSet<>();
        for (String name : classNames) {
            internal.add(name.replace('.', '/'));
        }
        instrumentation.addTransformer(new ClassLoadWatch(Set.copyOf(internal), onLoad), false);
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (classNames.contains(loaded.getName())) {
                onLoad.accept(loaded.getName(), loaded.getClassLoader());
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            if (classBeingRedefined == null && className != null && internalNames.contains(className)) {
                onLoad.accept(className.replace('/', '.'), loader);
            }
        } catch (Throwable ignored) {
            // a watch never breaks class loading
        }
        return null;
    }
}
