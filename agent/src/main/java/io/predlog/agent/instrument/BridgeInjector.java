package io.predlog.agent.instrument;

import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Enumeration;
import java.util.LinkedHashMap;
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

    private BridgeInjector() {
    }

    /**
     * Defines every class of the bridge package found in the agent jar in the bootstrap loader.
     *
     * @return true when they were defined; false when this JVM does not allow it (the caller then appends the
     *         jar to the bootstrap search path instead)
     */
    public static boolean inject(Instrumentation instrumentation, File agentJar) {
        try {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (JarFile jar = new JarFile(agentJar, false)) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.startsWith(BRIDGE_PACKAGE) && name.endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                                    in.readAllBytes());
                        }
                    }
                }
            }
            if (classes.isEmpty()) {
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
}
