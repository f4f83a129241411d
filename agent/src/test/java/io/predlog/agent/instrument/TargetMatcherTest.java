package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static TargetMatcher matcher(String... patterns) {
        return new TargetMatcher(java.util.Arrays.stream(patterns)
                .map(p -> new TargetSpec(TargetKind.PREDICT, "t", MethodPattern.parse(p), null, null, null, null))
                .toList());
    }

    private static List<String> matchedMethods(TargetMatcher matcher, int target, Class<?> type) {
        ElementMatcher<MethodDescription> methods = matcher.methodsOf(target);
        return TypeDescription.ForLoadedType.of(type).getDeclaredMethods().filter(methods::matches).stream()
                .map(m -> m.getInternalName() + m.getParameters().asTypeList().asErasures().stream()
                        .map(TargetMatcher::typeName).toList())
                .sorted().toList();
    }

    @Test
    void anInterfaceNamedInTheConfigMatchesItsImplementationsButNotItself() {
        TargetMatcher matcher = matcher(Model.class.getName() + "#predict");
        assertEquals(List.of(0), matcher.targetsFor(TypeDescription.ForLoadedType.of(Tabular.class)));
        assertEquals(List.of(0), matcher.targetsFor(TypeDescription.ForLoadedType.of(BaseModel.class)));
        assertEquals(List.of(), matcher.targetsFor(TypeDescription.ForLoadedType.of(Model.class)));
        assertEquals(List.of(), matcher.targetsFor(TypeDescription.ForLoadedType.of(String.class)));
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
        assertTrue(matcher.targetsFor(TypeDescription.ForLoadedType.of(Tabular.class)).containsAll(List.of(0, 1)));
    }
}
