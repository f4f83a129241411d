package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetPrefilterTest {

    private static final ClassLoader LOADER = TargetPrefilterTest.class.getClassLoader();

    private static TargetMatcher matcher(String... patterns) {
        List<TargetSpec> specs = Arrays.stream(patterns)
                .map(p -> new TargetSpec(TargetKind.PREDICT, "t", MethodPattern.parse(p), null, null, null, null))
                .toList();
        return new TargetMatcher(specs, new InheritedCode(specs, null));
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aClassHeaderNamesTheClassItsSuperclassAndItsInterfaces() throws IOException {
        ClassHeader header = ClassHeader.of(classFile(HierarchyMatchesTest.ModelA.class));
        assertEquals(HierarchyMatchesTest.ModelA.class.getName(), header.name());
        assertEquals(HierarchyMatchesTest.BaseModel.class.getName(), header.superName());
        assertEquals(List.of(), header.interfaces());
        ClassHeader base = ClassHeader.of(classFile(HierarchyMatchesTest.BaseModel.class));
        assertEquals(List.of(HierarchyMatchesTest.Scorer.class.getName()), base.interfaces());
        assertNull(ClassHeader.of(classFile(Object.class)).superName());
    }

    @Test
    void letsThroughTheSubtypesOfANamedTypeAndNothingElse() throws IOException {
        TargetMatcher matcher = matcher(HierarchyMatchesTest.Scorer.class.getName() + "#score");
        assertTrue(matcher.mayWeave(HierarchyMatchesTest.ModelC.class.getName(),
                classFile(HierarchyMatchesTest.ModelC.class), LOADER));
        assertTrue(matcher.mayWeave(HierarchyMatchesTest.Scorer.class.getName(),
                classFile(HierarchyMatchesTest.Scorer.class), LOADER));
        assertFalse(matcher.mayWeave(HierarchyMatchesTest.Unrelated.class.getName(),
                classFile(HierarchyMatchesTest.Unrelated.class), LOADER));
    }

    /**
     * Over every class of a real library (Byte Buddy's own jar, about three thousand classes with deep hierarchies),
     * the filter never turns away a class the full matcher would weave, and turns away most of the rest.
     */
    @Test
    void neverTurnsAwayAClassTheFullMatcherWouldWeave() throws Exception {
        String[] patterns = {"net.bytebuddy.description.type.TypeDefinition#getSort",
                "java.lang.Iterable#iterator", "net.bytebuddy.matcher.ElementMatcher$Junction#and",
                "net.bytebuddy.*.AbstractBase#*"};
        TargetMatcher filter = matcher(patterns);
        TargetMatcher full = matcher(patterns);
        overByteBuddysJar(filter, (name, pool) -> !full.weavesFor(pool.describe(name).resolve(), LOADER).isEmpty());
    }

    /**
     * The same with targets that each name one class exactly, where only superclasses are walked: every subtype of
     * a named class, by the complete walk of all its supertypes, is let through.
     */
    @Test
    void neverTurnsAwayASubtypeOfANamedClassWhenOnlySuperclassesAreWalked() throws Exception {
        String[] patterns = {"net.bytebuddy.description.type.TypeDescription$AbstractBase#getSort",
                "net.bytebuddy.matcher.ElementMatcher$Junction$AbstractBase#and",
                "net.bytebuddy.description.method.MethodDescription$AbstractBase#getName"};
        TargetMatcher filter = matcher(patterns);
        List<MethodPattern> parsed = Arrays.stream(patterns).map(MethodPattern::parse).toList();
        overByteBuddysJar(filter, (name, pool) -> {
            Set<String> names = TargetMatcher.supertypeNames(pool.describe(name).resolve());
            return parsed.stream().anyMatch(p -> TargetMatcher.matchesAny(p, names));
        });
    }

    /**
     * Over every class of a real library (Byte Buddy's own jar, about three thousand classes with deep hierarchies),
     * the filter never turns away a class {@code woven} says is woven, and turns away most of the rest.
     */
    private static void overByteBuddysJar(TargetMatcher filter, BiPredicate<String, TypePool> woven)
            throws Exception {
        String jar = TypeDescription.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(LOADER));
        int classes = 0;
        int wovenCount = 0;
        int passed = 0;
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String path = entry.getName();
                if (!path.endsWith(".class") || path.contains("module-info") || path.startsWith("META-INF")) {
                    continue;
                }
                String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                classes++;
                boolean weaves = woven.test(name, pool);
                boolean mayWeave = filter.mayWeave(name, bytes, LOADER);
                if (weaves) {
                    wovenCount++;
                    assertTrue(mayWeave, name + " is woven but the filter turned it away");
                }
                if (mayWeave) {
                    passed++;
                }
            }
        }
        assertTrue(classes > 1000, "classes read: " + classes);
        assertTrue(wovenCount > 50, "woven: " + wovenCount);
        assertTrue(passed < classes / 2, "passed " + passed + " of " + classes);
    }

    @Test
    void aFilterThatFailsLetsTheClassThrough() {
        TargetPrefilter.Candidates broken = (name, classFile, loader) -> {
            throw new IllegalStateException("boom");
        };
        assertTrue(TargetPrefilter.passes(broken, LOADER, "a/B", null, new byte[] {1, 2, 3}));
        assertTrue(TargetPrefilter.passes((n, f, l) -> false, LOADER, "a/B", Object.class, new byte[0]),
                "a retransformation always passes");
        assertFalse(TargetPrefilter.passes((n, f, l) -> false, LOADER, "a/B", null, new byte[0]));
        assertTrue(TargetPrefilter.passes((n, f, l) -> n.equals("a.B"), LOADER, "a/B", null, new byte[0]));
    }
}
