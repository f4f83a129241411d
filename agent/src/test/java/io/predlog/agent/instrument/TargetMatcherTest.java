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
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetMatcherTest {

    public interface Model<I> {
        Object predict(I input);
    }

    public abstract static class BaseModel implements Model<Map<String, Object>> {
        @Override
        public Object predict(Map<String, Object> input) {
            return compute(input);
        }

        protected abstract Object compute(Map<String, Object> input);
    }

    public static final class Tabular extends BaseModel {
        public Tabular() {
        }

        @Override
        protected Object compute(Map<String, Object> input) {
            return input.size();
        }

        public Object predict(float[] vector) {
            return vector.length;
        }
    }

    public static class Base {
        public Object predict(Map<String, Object> input) {
            return input.size();
        }
    }

    public static class Leaf extends Base {
    }

    public static class Other extends Base {
    }

    public interface Scorer {
        double score(double[] x);

        default double scoreAll(List<double[]> xs) {
            return xs.stream().mapToDouble(this::score).sum();
        }
    }

    public static class SumScorer implements Scorer {
        @Override
        public double score(double[] x) {
            return Arrays.stream(x).sum();
        }
    }

    /** Named as Spring names the CGLIB subclass it generates around a bean. */
    public static class Leaf$$SpringCGLIB$$0 extends Leaf {
        @Override
        public Object predict(Map<String, Object> input) {
            return super.predict(input);
        }
    }

    /** A model whose weights are set up in a static initialiser. */
    public static class StaticModel {
        static final double[] WEIGHTS = new double[]{Math.random()};

        public double predict() {
            return WEIGHTS[0];
        }
    }

    private static TargetMatcher matcher(String... patterns) {
        List<TargetSpec> specs = Arrays.stream(patterns)
                .map(p -> new TargetSpec(TargetKind.PREDICT, "t", MethodPattern.parse(p), null, null, null, null))
                .toList();
        return new TargetMatcher(specs, new InheritedCode(specs, null));
    }

    private static List<TargetMatcher.Weave> weaves(TargetMatcher matcher, Class<?> type) {
        return matcher.weavesFor(TypeDescription.ForLoadedType.of(type), type.getClassLoader());
    }

    private static List<String> matchedMethods(TargetMatcher matcher, int target, Class<?> type) {
        return matchedMethods(matcher, new TargetMatcher.Weave(target, false), type);
    }

    private static List<String> matchedMethods(TargetMatcher matcher, TargetMatcher.Weave weave, Class<?> type) {
        return matcher.methodsOf(TypeDescription.ForLoadedType.of(type), weave).stream()
                .map(m -> m.getInternalName() + m.getParameters().asTypeList().asErasures().stream()
                        .map(TargetMatcher::typeName).toList())
                .sorted().toList();
    }

    /** A parameter type of {@link Ranker#rank}, whose class file the pool below cannot find. */
    static final class Unfindable {
    }

    static class Ranker {
        public double rank(Unfindable input, int k) {
            return k;
        }

        public double other(Unfindable input) {
            return 0;
        }
    }

    @Test
    void aPatternWithoutParametersNeverResolvesTheParameterTypes() {
        List<String> asked = new ArrayList<>();
        ClassFileLocator real = ClassFileLocator.ForClassLoader.of(getClass().getClassLoader());
        ClassFileLocator hiding = new ClassFileLocator() {
            @Override
            public Resolution locate(String name) throws IOException {
                asked.add(name);
                return name.equals(Unfindable.class.getName()) ? new Resolution.Illegal(name) : real.locate(name);
            }

            @Override
            public void close() {
            }
        };
        // as the look-ahead's pool: a type is read when it is described, a parameter's type when it is resolved
        TypePool pool = new TypePool.Default(new TypePool.CacheProvider.Simple(), hiding,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription ranker = pool.describe(Ranker.class.getName()).resolve();
        for (String pattern : List.of("#rank", "#rank(..)", "#*")) {
            asked.clear();
            List<String> names = TargetMatcher.methodsOf(ranker,
                    MethodPattern.parse(Ranker.class.getName() + pattern), false).stream().map(m -> m.getName())
                    .sorted().toList();
            assertTrue(names.contains("rank"), pattern + ": " + names);
            assertFalse(asked.contains(Unfindable.class.getName()), pattern + " read the parameter's class file");
        }
        asked.clear();
        assertEquals(List.of(), TargetMatcher.methodsOf(ranker, MethodPattern.parse(Ranker.class.getName()
                + "#rank(String)"), false), "one parameter asked for, two declared: no type resolved to say so");
        assertFalse(asked.contains(Unfindable.class.getName()));
        try {
            TargetMatcher.methodsOf(ranker, MethodPattern.parse(Ranker.class.getName() + "#rank(*, int)"), false);
        } catch (RuntimeException unresolvable) {
            // the hidden parameter type cannot be resolved
        }
        assertTrue(asked.contains(Unfindable.class.getName()), "a list of types is matched by resolving them");
    }

    @Test
    void anInterfaceNamedInTheConfigMatchesItselfAndItsImplementations() {
        TargetMatcher matcher = matcher(Model.class.getName() + "#predict");
        TargetMatcher.Weave direct = new TargetMatcher.Weave(0, false);
        assertEquals(List.of(direct), weaves(matcher, Tabular.class));
        assertEquals(List.of(direct), weaves(matcher, BaseModel.class));
        assertEquals(List.of(direct), weaves(matcher, Model.class), "its default methods are its own code");
        assertEquals(List.of(), matchedMethods(matcher, 0, Model.class), "an abstract method is never instrumented");
        assertEquals(List.of(), weaves(matcher, String.class));
    }

    @Test
    void bridgeAbstractAndUnnamedMethodsAreNeverInstrumented() {
        TargetMatcher matcher = matcher(Model.class.getName() + "#predict");
        assertEquals(List.of("predict[java.util.Map]"), matchedMethods(matcher, 0, BaseModel.class),
                "the synthetic bridge predict(Object) must not be instrumented twice");
        assertEquals(List.of("predict[float[]]"), matchedMethods(matcher, 0, Tabular.class));
    }

    @Test
    void alreadyLoadedClassesAreCheckedThroughTheirSupertypes() {
        TargetMatcher matcher = matcher(Model.class.getName() + "#predict");
        assertTrue(matcher.couldApplyTo(Tabular.class));
        assertTrue(matcher.couldApplyTo(BaseModel.class));
        assertTrue(!matcher.couldApplyTo(String.class));
    }

    @Test
    void parameterFiltersSelectOneOverload() {
        TargetMatcher matcher = matcher("*TargetMatcherTest$Tabular#predict(float[])", "*$Tabular#<init>");
        assertEquals(List.of("predict[float[]]"), matchedMethods(matcher, 0, Tabular.class));
        assertEquals(List.of("<init>[]"), matchedMethods(matcher, 1, Tabular.class));
        assertEquals(List.of(new TargetMatcher.Weave(0, false), new TargetMatcher.Weave(1, false)),
                weaves(matcher, Tabular.class));
    }

    @Test
    void aMethodANamedClassInheritsIsInstrumentedWithAReceiverCheckWhereItIsDeclared() {
        TargetMatcher matcher = matcher(Leaf.class.getName() + "#predict");
        TargetMatcher.Weave checked = new TargetMatcher.Weave(0, true);
        assertEquals(List.of(checked), weaves(matcher, Base.class),
                "read ahead from the class loader: Base is known to hold Leaf's code before Leaf loads");
        assertEquals(List.of("predict[java.util.Map]"), matchedMethods(matcher, checked, Base.class));
        assertEquals(List.of(new TargetMatcher.Weave(0, false)), weaves(matcher, Leaf.class));
        assertEquals(List.of(), matchedMethods(matcher, 0, Leaf.class), "Leaf declares no predict of its own");
        assertEquals(List.of(), weaves(matcher, Other.class), "a sibling is not named");
    }

    @Test
    void aWildcardPatternsInheritedCodeIsFoundWhenTheNamedTypeIsSeen() {
        List<TargetSpec> specs = List.of(new TargetSpec(TargetKind.PREDICT, "t",
                MethodPattern.parse("*TargetMatcherTest$Lea?#predict".replace('?', '*')), null, null, null, null));
        InheritedCode inherited = new InheritedCode(specs, null);
        TargetMatcher matcher = new TargetMatcher(specs, inherited);
        assertEquals(List.of(), weaves(matcher, Base.class), "nothing names Base yet");
        inherited.noteNamedType(TypeDescription.ForLoadedType.of(Leaf.class), 0, Leaf.class.getClassLoader());
        assertEquals(List.of(new TargetMatcher.Weave(0, true)), weaves(matcher, Base.class));
    }

    @Test
    void aDefaultMethodIsInstrumentedInItsInterface() {
        TargetMatcher matcher = matcher(Scorer.class.getName() + "#scoreAll");
        assertEquals(List.of("scoreAll[java.util.List]"), matchedMethods(matcher, 0, Scorer.class));

        TargetMatcher byImplementation = matcher(SumScorer.class.getName() + "#scoreAll");
        TargetMatcher.Weave checked = new TargetMatcher.Weave(0, true);
        assertEquals(List.of(checked), weaves(byImplementation, Scorer.class));
        assertEquals(List.of("scoreAll[java.util.List]"), matchedMethods(byImplementation, checked, Scorer.class));
    }

    @Test
    void aBridgeNamedByItsErasedParametersStandsForTheMethodItCalls() {
        TargetMatcher matcher = matcher(Model.class.getName() + "#predict(Object)");
        assertEquals(List.of("predict[java.util.Map]"), matchedMethods(matcher, 0, BaseModel.class));
    }

    @Test
    void generatedProxiesAreNeverInstrumented() {
        TargetMatcher matcher = matcher(Base.class.getName() + "#predict", Model.class.getName() + "#predict");
        assertEquals(List.of(), weaves(matcher, Leaf$$SpringCGLIB$$0.class));
        Object jdkProxy = Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[]{Model.class},
                (proxy, method, args) -> null);
        assertEquals(List.of(), weaves(matcher, jdkProxy.getClass()));
        assertFalse(matcher.couldApplyTo(jdkProxy.getClass()));
    }

    @Test
    void theJdksOwnImplementationsAreMatchedOnlyWhenNamed() throws Exception {
        Class<?> linkHandler = Class.forName("sun.net.httpserver.ServerImpl$Exchange$LinkHandler");
        TargetMatcher bySupertype = matcher("com.sun.net.httpserver.HttpHandler#handle");
        assertEquals(List.of(), weaves(bySupertype, linkHandler));
        TargetMatcher byName = matcher("sun.net.httpserver.ServerImpl$Exchange$LinkHandler#handle");
        assertEquals(List.of(new TargetMatcher.Weave(0, false)), weaves(byName, linkHandler));
    }

    @Test
    void noMethodPatternSelectsTheStaticInitialiserAmongTheDeclaredMethods() {
        TypeDescription type = TypePool.Default.ofSystemLoader().describe(StaticModel.class.getName()).resolve();
        List<String> any = TargetMatcher.methodsOf(type, MethodPattern.parse(StaticModel.class.getName() + "#*"),
                false).stream().map(m -> m.getInternalName()).toList();
        assertEquals(List.of("predict"), any, "a <clinit> target's advice is woven by its own matcher");
        assertEquals(List.of(), TargetMatcher.methodsOf(type, MethodPattern.parse(StaticModel.class.getName()
                + "#<clinit>"), false));
    }

    private static List<TargetSpec> specs(String... patterns) {
        return Arrays.stream(patterns)
                .map(p -> new TargetSpec(TargetKind.PREDICT, "t", MethodPattern.parse(p), null, null, null, null))
                .toList();
    }

    private static byte[] classFile(Class<?> type) {
        try (InputStream in = type.getClassLoader().getResourceAsStream(
                type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void preparingReadsAheadThroughTheSystemLoaderBeforeAnyClassLoads() {
        // Leaf inherits predict from Base: Base holds the code a target naming Leaf needs
        List<TargetSpec> specs = specs(Leaf.class.getName() + "#predict");
        InheritedCode inherited = new InheritedCode(specs, null);
        assertFalse(inherited.isNeeded(Base.class.getName()));
        inherited.prepare();
        assertTrue(inherited.isNeeded(Base.class.getName()), "found through the system loader, no class transformed");
    }

    @Test
    void aJdkClassOfThePlatformLoaderIsDecidedByItsNameWithoutReadingAhead() {
        List<TargetSpec> specs = specs(Leaf.class.getName() + "#predict");
        InheritedCode inherited = new InheritedCode(specs, null);
        TargetMatcher matcher = new TargetMatcher(specs, inherited);
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        assertFalse(matcher.mayWeave("sun.security.ec.ECKeyFactory", new byte[0], platform));
        assertFalse(inherited.hasReadAhead(platform), "no look-ahead: no Byte Buddy");
        assertTrue(matcher.mayWeave(Leaf.class.getName(), classFile(Leaf.class), Leaf.class.getClassLoader()));
        assertTrue(inherited.hasReadAhead(Leaf.class.getClassLoader()), "an application class's loader is read ahead");
    }
}
