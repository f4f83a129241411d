package io.predlog.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes ({@code io.predlog.agent.bootstrap}) directly in the bootstrap class loader.
 *
 * <p>Appending the agent jar to the bootstrap search path would do the same, but HotSpot then turns off
 * class-data sharing for the application's classes and prints a warning on the application's stderr: a
 * visible change, and slower start-up. Direct definition avoids both. It uses the JDK's internal
 * {@code jdk.internal.misc.Unsafe.defineClass}, opened to the agent's own (isolated, unnamed) module only,
 * through {@link Instrumentation#redefineModule}; {@code sun.misc.Unsafe}, which JDK 24+ reports on stderr, is
 * never touched. The launcher falls back to appending when this JVM does not allow it. Must run before any
 * class that refers to the bridge is loaded.
 */
public final class BridgeInjector {

    private static final String BRIDGE_PACKAGE = "io/predlog/agent/bootstrap/";

    /**
     * The bridge package's classes, read from the jar by name: a scan of its entries would walk the thousands of
     * relocated libraries' classes on the application's main thread. Each extends {@code Object} and implements
     * nothing of the package, so the order does not matter. {@code BridgeInjectorTest} holds this list to the
     * compiled package.
     */
    static final List<String> BRIDGE_CLASSES = List.of("CallRecorder", "ContextPropagator", "HttpBridge",
            "HttpPropagator", "LibraryInputBridge", "LibraryInputObserver", "PredlogBridge");

    private BridgeInjector() {
    }

    /**
     * Defines the bridge package's classes, read from the agent jar, in the bootstrap loader.
     *
     * @return true when they were defined; false when this JVM does not allow it, or the jar lacks one of them
     *         (the caller then appends the jar to the bootstrap search path instead)
     */
    public static boolean inject(Instrumentation instrumentation, File agentJar) {
        try {
            Map<String, byte[]> classes = read(agentJar);
            if (classes == null) {
                return false;
            }
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("jdk.internal.misc", Set.of(BridgeInjector.class.getModule())), Set.of(), Map.of());
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, ProtectionDomain.class);
            for (Map.Entry<String, byte[]> type : classes.entrySet()) {
                byte[] bytes = type.getValue();
                define.invoke(unsafe, type.getKey(), bytes, 0, bytes.length, null, null);
            }
            return true;
        } catch (Throwable unavailable) {
            return false;
        }
    }

    /**
     * The bridge classes' bytes by class name, in {@link #BRIDGE_CLASSES}' order.
     *
     * @return null when the jar lacks one of them
     */
    static Map<String, byte[]> read(File agentJar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(agentJar, false)) {
            for (String simpleName : BRIDGE_CLASSES) {
                JarEntry entry = jar.getJarEntry(BRIDGE_PACKAGE + simpleName + ".class");
                if (entry == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    classes.put((BRIDGE_PACKAGE + simpleName).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }
}
