package io.predlog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.bootstrap.PredlogBridge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeInjectorTest {

    /** Where the build compiled the bridge package: the same folder the agent jar takes it from. */
    private static Path compiledBridgePackage() throws Exception {
        Path classes = Path.of(PredlogBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.resolve("io/predlog/agent/bootstrap");
    }

    @Test
    void theListNamesEveryClassOfTheCompiledBridgePackage() throws Exception {
        TreeSet<String> compiled = new TreeSet<>();
        try (Stream<Path> files = Files.list(compiledBridgePackage())) {
            files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                    .forEach(name -> compiled.add(name.substring(0, name.length() - ".class".length())));
        }
        assertEquals(compiled, new TreeSet<>(BridgeInjector.BRIDGE_CLASSES),
                "BridgeInjector.BRIDGE_CLASSES must name each class of io.predlog.agent.bootstrap, nested ones too");
    }

    @Test
    void noBridgeClassExtendsOrImplementsAnother() {
        // the classes are defined one by one into the bootstrap loader, which could not find a supertype of the
        // package that is not defined yet: the list's order may not matter
        for (String simpleName : BridgeInjector.BRIDGE_CLASSES) {
            Class<?> type = bridgeClass(simpleName);
            List<Class<?>> supertypes = new ArrayList<>(List.of(type.getInterfaces()));
            if (type.getSuperclass() != null) {
                supertypes.add(type.getSuperclass());
            }
            for (Class<?> supertype : supertypes) {
                assertTrue(!supertype.getPackageName().equals(type.getPackageName()),
                        simpleName + " extends or implements " + supertype.getName());
            }
        }
    }

    @Test
    void readsTheListedClassesByNameFromAJarOfManyEntries(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("agent.jar");
        writeJar(jar, BridgeInjector.BRIDGE_CLASSES, 2_000);

        Map<String, byte[]> read = BridgeInjector.read(jar.toFile());

        List<String> expectedNames = BridgeInjector.BRIDGE_CLASSES.stream()
                .map(simpleName -> "io.predlog.agent.bootstrap." + simpleName).toList();
        assertEquals(expectedNames, List.copyOf(read.keySet()));
        for (String simpleName : BridgeInjector.BRIDGE_CLASSES) {
            assertArrayEquals(Files.readAllBytes(compiledBridgePackage().resolve(simpleName + ".class")),
                    read.get("io.predlog.agent.bootstrap." + simpleName), simpleName);
        }
    }

    @Test
    void aJarWithoutOneOfThemIsNotInjectedFrom(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("agent.jar");
        List<String> allButOne = BridgeInjector.BRIDGE_CLASSES.subList(1, BridgeInjector.BRIDGE_CLASSES.size());
        writeJar(jar, allButOne, 10);

        assertNull(BridgeInjector.read(jar.toFile()));
        // the launcher then appends the jar to the bootstrap search path; no instrumentation is touched before
        assertEquals(false, BridgeInjector.inject(null, jar.toFile()));
    }

    /** A jar with the named bridge classes among {@code others} entries of other classes, as the agent jar. */
    private static void writeJar(Path jar, List<String> bridgeClasses, int others) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (int i = 0; i < others; i++) {
                put(out, "inst/io/predlog/shaded/lib/Type" + i + ".classdata", new byte[] {(byte) i});
            }
            for (String simpleName : bridgeClasses) {
                put(out, "io/predlog/agent/bootstrap/" + simpleName + ".class",
                        Files.readAllBytes(compiledBridgePackage().resolve(simpleName + ".class")));
            }
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static Class<?> bridgeClass(String simpleName) {
        try {
            return Class.forName("io.predlog.agent.bootstrap." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(simpleName + " is not on the test class path", e);
        }
    }
}
