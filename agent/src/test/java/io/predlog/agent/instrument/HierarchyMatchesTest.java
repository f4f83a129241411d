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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HierarchyMatchesTest {

    interface Scorer {
        double score();
    }

    abstract static class BaseModel implements Scorer {
    }

    static class ModelA extends BaseModel {
        @Override
        public double score() {
            return 1;
        }
    }

    static class ModelB extends BaseModel {
        @Override
        public double score() {
            return 2;
        }
    }

    static class ModelC extends ModelB {
    }

    static class Unrelated {
    }

    private static List<TargetSpec> specs(String... patterns) {
        return Arrays.stream(patterns)
                .map(p -> new TargetSpec(TargetKind.PREDICT, "t", MethodPattern.parse(p), null, null, null, null))
                .toList();
    }

    private static String name(Class<?> type) {
        return type.getName();
    }

    /** A locator that counts the class files it is asked for, by class name. */
    private static final class CountingLocator implements ClassFileLocator {
        final Map<String, Integer> lookups = new HashMap<>();
        private final ClassFileLocator delegate = ClassFileLocator.ForClassLoader.of(
                HierarchyMatchesTest.class.getClassLoader());

        @Override
        public Resolution locate(String name) throws IOException {
            lookups.merge(name, 1, Integer::sum);
            return delegate.locate(name);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    @Test
    void answersWhichTargetsNameTheTypeOrASupertypeAsTheFullWalkDoes() {
        List<TargetSpec> specs = specs(name(Scorer.class) + "#score", name(ModelB.class) + "#score",
                "java.lang.Object#toString", "com.nowhere.*#x");
        HierarchyMatches matches = new HierarchyMatches(specs);
        ClassLoader loader = getClass().getClassLoader();
        for (Class<?> type : List.of(ModelA.class, ModelB.class, ModelC.class, Unrelated.class, BaseModel.class,
                Scorer.class)) {
            TypeDescription description = TypeDescription.ForLoadedType.of(type);
            long expected = 0;
            for (int i = 0; i < specs.size(); i++) {
                if (TargetMatcher.matchesAny(specs.get(i).pattern(), TargetMatcher.supertypeNames(description))) {
                    expected |= 1L << i;
                }
            }
            assertEquals(expected, matches.of(description, loader), type.getName());
        }
        assertEquals(0b0111, matches.of(TypeDescription.ForLoadedType.of(ModelC.class), loader));
        assertEquals(0b0101, matches.of(TypeDescription.ForLoadedType.of(ModelA.class), loader));
        assertEquals(0b0100, matches.of(TypeDescription.ForLoadedType.of(Unrelated.class), loader));
    }

    @Test
    void readsEachSupertypesClassFileOncePerLoaderHoweverManySubclassesLoad() {
        HierarchyMatches matches = new HierarchyMatches(specs(name(Scorer.class) + "#score"));
        CountingLocator locator = new CountingLocator();
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.NoOp.INSTANCE, locator,
                TypePool.Default.ReaderMode.FAST);
        ClassLoader loader = getClass().getClassLoader();
        List<Long> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Class<?> type : List.of(ModelA.class, ModelB.class, ModelC.class)) {
                answers.add(matches.of(pool.describe(type.getName()).resolve(), loader));
            }
        }
        answers.forEach(a -> assertEquals(1L, a));
        assertEquals(1, locator.lookups.get(name(BaseModel.class)), locator.lookups.toString());
        assertEquals(1, locator.lookups.get(name(Scorer.class)), locator.lookups.toString());
        assertEquals(1, locator.lookups.get(name(ModelA.class)), locator.lookups.toString());
    }

    /** A class loader that counts the class files read through it, by resource name. */
    private static final class CountingLoader extends ClassLoader {
        final Map<String, Integer> asked = new HashMap<>();

        CountingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            asked.merge(name, 1, Integer::sum);
            return super.getResourceAsStream(name);
        }
    }

    @Test
    void aJavaTypesAnswerIsSharedByEveryLoaderAndNeverReadThroughTheApplicationsLoader() throws IOException {
        HierarchyMatches matches = new HierarchyMatches(specs(name(Scorer.class) + "#score",
                "java.lang.Object#hashCode"));
        byte[] classFile;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                name(ModelA.class).replace('.', '/') + ".class")) {
            classFile = in.readAllBytes();
        }
        ClassHeader header = ClassHeader.of(classFile);
        for (int i = 0; i < 2; i++) {
            CountingLoader loader = new CountingLoader(getClass().getClassLoader());
            assertEquals(0b11L, matches.of(header.name(), loader, header.supertypesThrough(loader)));
            String base = name(BaseModel.class).replace('.', '/') + ".class";
            // the named interface is read once more, to find that the walk must follow interfaces in this loader
            assertEquals(Map.of(base, 1, name(Scorer.class).replace('.', '/') + ".class", 2), loader.asked,
                    "loader " + i + ": the application's supertypes only, once each");
        }
    }

    private static ClassHeader headerOf(Class<?> type) throws IOException {
        try (InputStream in = HierarchyMatchesTest.class.getClassLoader().getResourceAsStream(
                name(type).replace('.', '/') + ".class")) {
            return ClassHeader.of(in.readAllBytes());
        }
    }

    private static String resource(Class<?> type) {
        return name(type).replace('.', '/') + ".class";
    }

    @Test
    void whenEveryTargetNamesAnApplicationClassOnlySuperclassesAreRead() throws IOException {
        List<TargetSpec> specs = specs(name(ModelB.class) + "#score", name(BaseModel.class) + "#score");
        HierarchyMatches matches = new HierarchyMatches(specs);
        CountingLoader loader = new CountingLoader(getClass().getClassLoader());
        for (Class<?> type : List.of(ModelA.class, ModelB.class, ModelC.class, Unrelated.class, Scorer.class)) {
            ClassHeader header = headerOf(type);
            long expected = 0;
            Set<String> names = TargetMatcher.supertypeNames(TypeDescription.ForLoadedType.of(type));
            for (int i = 0; i < specs.size(); i++) {
                if (TargetMatcher.matchesAny(specs.get(i).pattern(), names)) {
                    expected |= 1L << i;
                }
            }
            assertEquals(expected, matches.of(header.name(), loader, header.supertypesThrough(loader)),
                    type.getName());
            assertEquals(expected, matches.of(TypeDescription.ForLoadedType.of(type), loader), type.getName());
        }
        assertFalse(loader.asked.containsKey(resource(Scorer.class)), "no interface read: " + loader.asked);
        assertFalse(loader.asked.containsKey("java/lang/Object.class"), "no JDK type read: " + loader.asked);
        assertTrue(loader.asked.containsKey(resource(BaseModel.class)), loader.asked.toString());
    }

    @Test
    void aTargetThatNamesAnInterfaceOrAWildcardOrAMissingClassKeepsTheFullWalk() throws IOException {
        ClassHeader header = headerOf(ModelA.class);
        for (String other : List.of(name(Scorer.class) + "#score", "io.predlog.*Model#score",
                "com.nowhere.Missing#score", "java.util.AbstractMap#get")) {
            HierarchyMatches matches = new HierarchyMatches(specs(name(ModelB.class) + "#score", other));
            CountingLoader loader = new CountingLoader(getClass().getClassLoader());
            matches.of(header.name(), loader, header.supertypesThrough(loader));
            assertTrue(loader.asked.containsKey(resource(Scorer.class)), other + ": " + loader.asked);
        }
    }

    @Test
    void theKindOfWalkIsDecidedOncePerLoaderFromTheNamedClasses() throws IOException {
        Map<String, Integer> lookedUp = new HashMap<>();
        HierarchyMatches matches = new HierarchyMatches(specs(name(ModelB.class) + "#score"), (type, loader) -> {
            lookedUp.merge(type, 1, Integer::sum);
            return HierarchyMatches.isApplicationClass(type, loader);
        });
        CountingLoader first = new CountingLoader(getClass().getClassLoader());
        CountingLoader second = new CountingLoader(getClass().getClassLoader());
        for (Class<?> type : List.of(ModelA.class, ModelC.class, Unrelated.class)) {
            ClassHeader header = headerOf(type);
            matches.of(header.name(), first, header.supertypesThrough(first));
            matches.of(header.name(), second, header.supertypesThrough(second));
        }
        assertEquals(Map.of(name(ModelB.class), 2), lookedUp, "once for each of the two loaders");
        assertTrue(HierarchyMatches.isApplicationClass(name(ModelB.class), first));
        assertFalse(HierarchyMatches.isApplicationClass(name(Scorer.class), first), "an interface");
        assertFalse(HierarchyMatches.isApplicationClass("java.util.AbstractMap", first), "the JDK's");
        assertFalse(HierarchyMatches.isApplicationClass("com.nowhere.Missing", first), "not found");
        assertFalse(HierarchyMatches.isApplicationClass(name(ModelB.class), null), "the bootstrap loader's");
    }

    @Test
    void anAnswerThatMissedASupertypeIsNotRemembered() {
        HierarchyMatches matches = new HierarchyMatches(specs(name(Scorer.class) + "#score"));
        Map<String, Integer> asked = new HashMap<>();
        ClassFileLocator real = ClassFileLocator.ForClassLoader.of(getClass().getClassLoader());
        boolean[] hideBase = {true};
        ClassFileLocator flaky = new ClassFileLocator() {
            @Override
            public Resolution locate(String name) throws IOException {
                asked.merge(name, 1, Integer::sum);
                if (hideBase[0] && name.equals(name(BaseModel.class))) {
                    return new Resolution.Illegal(name);
                }
                return real.locate(name);
            }

            @Override
            public void close() {
            }
        };
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.NoOp.INSTANCE, flaky,
                TypePool.Default.ReaderMode.FAST);
        ClassLoader loader = getClass().getClassLoader();
        assertEquals(0L, matches.of(pool.describe(name(ModelA.class)).resolve(), loader));
        hideBase[0] = false;
        assertEquals(1L, matches.of(pool.describe(name(ModelA.class)).resolve(), loader));
    }

    @Test
    void moreTargetsThanALongHoldsAreNotServed() {
        String[] patterns = new String[65];
        Arrays.fill(patterns, "a.B#c");
        assertFalse(new HierarchyMatches(specs(patterns)).usable());
        assertTrue(new HierarchyMatches(specs(Arrays.copyOf(patterns, 64))).usable());
    }
}
