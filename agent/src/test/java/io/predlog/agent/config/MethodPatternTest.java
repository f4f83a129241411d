package io.predlog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodPatternTest {

    @Test
    void parsesClassMethodAndNoParameterFilterWithoutParentheses() {
        MethodPattern p = MethodPattern.parse("  com.acme.Model#predict ");
        assertEquals("com.acme.Model#predict", p.text());
        assertEquals("com.acme.Model", p.classPattern());
        assertEquals("predict", p.methodPattern());
        assertNull(p.parameterTypes());
        assertTrue(p.matchesParameters(List.of("java.lang.String", "int")));
        assertTrue(p.matchesParameters(List.of()));
    }

    @Test
    void parsesParameterListTrimmingSpacesAndNormalisingVarargs() {
        MethodPattern p = MethodPattern.parse("com.acme.Model#predict( String , java.util.Map, float[][], Object... )");
        assertEquals(List.of("String", "java.util.Map", "float[][]", "Object[]"), p.parameterTypes());
    }

    @Test
    void emptyParenthesesMeanNoParameters() {
        MethodPattern p = MethodPattern.parse("com.acme.Model#close()");
        assertEquals(List.of(), p.parameterTypes());
        assertTrue(p.matchesParameters(List.of()));
        assertFalse(p.matchesParameters(List.of("int")));
    }

    @ParameterizedTest
    @CsvSource({
        "com.acme.Model,          com.acme.Model,          true",
        "com.acme.Model,          com.acme.ModelX,         false",
        "com.acme.Model,          xcom.acme.Model,         false",
        "com.acme.*,              com.acme.sub.Deep,       true",
        "com.acme.*Model,         com.acme.FraudModel,     true",
        "com.acme.*Model,         com.acme.FraudModels,    false",
        "*.Model,                 org.x.Model,             true",
        "com.*.Model,             com.a.b.Model,           true",
        "com.acme.Outer$Inner,    com.acme.Outer$Inner,    true",
        "com.acme.Outer$*,        com.acme.Outer$Inner,    true",
        "com.acme.Outer$Inner,    com.acme.Outer.Inner,    false",
        "*,                       anything.At$All,         true",
    })
    void classPatternMatchesBinaryNamesWithWildcards(String pattern, String name, boolean expected) {
        assertEquals(expected, MethodPattern.parse(pattern + "#m").matchesTypeName(name));
    }

    @ParameterizedTest
    @CsvSource({
        "predict,   predict,       true",
        "predict,   predictBatch,  false",
        "predict*,  predictBatch,  true",
        "*Batch,    predictBatch,  true",
        "p*t,       predict,       true",
        "p*t,       predicts,      false",
        "*,         anything,      true",
        "*,         <init>,        false",
        "<init>,    <init>,        true",
        "<init>,    init,          false",
        "predict,   <init>,        false",
        "*,         <clinit>,      false",
        "<clinit>,  <clinit>,      true",
        "<clinit>,  <init>,        false",
        "<init>,    <clinit>,      false",
    })
    void methodPatternMatchesNamesAndOnlyInitMatchesConstructors(String pattern, String name, boolean expected) {
        assertEquals(expected, MethodPattern.parse("com.acme.Model#" + pattern).matchesMethodName(name));
    }

    @Test
    void initNamesConstructors() {
        assertTrue(MethodPattern.parse("com.acme.Model#<init>").isConstructor());
        assertTrue(MethodPattern.parse("com.acme.Model#<init>(java.nio.file.Path)").isConstructor());
        assertFalse(MethodPattern.parse("com.acme.Model#init").isConstructor());
    }

    @Test
    void clinitNamesTheStaticInitialiserAndTakesNoParameterList() {
        MethodPattern clinit = MethodPattern.parse("com.acme.Model#<clinit>");
        assertTrue(clinit.isTypeInitializer());
        assertFalse(clinit.isConstructor());
        assertNull(clinit.parameterTypes());
        assertFalse(MethodPattern.parse("com.acme.Model#<init>").isTypeInitializer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodPattern.parse("com.acme.Model#<clinit>()"));
        assertEquals("bad method pattern 'com.acme.Model#<clinit>()': a static initialiser takes no parameters:"
                + " write com.acme.Model#<clinit>", e.getMessage());
    }

    @Test
    void simpleParameterNamesMatchAnyPackageAndQualifiedNamesMatchExactly() {
        MethodPattern simple = MethodPattern.parse("c.M#m(Map, String)");
        assertTrue(simple.matchesParameters(List.of("java.util.Map", "java.lang.String")));
        assertTrue(simple.matchesParameters(List.of("com.other.Map", "java.lang.String")));
        assertFalse(simple.matchesParameters(List.of("java.util.HashMap", "java.lang.String")));

        MethodPattern qualified = MethodPattern.parse("c.M#m(java.util.Map)");
        assertTrue(qualified.matchesParameters(List.of("java.util.Map")));
        assertFalse(qualified.matchesParameters(List.of("com.other.Map")));
    }

    @Test
    void nestedParameterTypesMatchByDollarNameSimpleNameOrDottedName() {
        List<String> actual = List.of("com.acme.Outer$Inner");
        assertTrue(MethodPattern.parse("c.M#m(com.acme.Outer$Inner)").matchesParameters(actual));
        assertTrue(MethodPattern.parse("c.M#m(com.acme.Outer.Inner)").matchesParameters(actual));
        assertTrue(MethodPattern.parse("c.M#m(Inner)").matchesParameters(actual));
        assertTrue(MethodPattern.parse("c.M#m(Outer$Inner)").matchesParameters(actual));
        assertFalse(MethodPattern.parse("c.M#m(Outer)").matchesParameters(actual));
    }

    @Test
    void arraysAndPrimitivesMatchOnDimensionsAndComponent() {
        MethodPattern p = MethodPattern.parse("c.M#m(float[], String[][], int)");
        assertTrue(p.matchesParameters(List.of("float[]", "java.lang.String[][]", "int")));
        assertFalse(p.matchesParameters(List.of("float", "java.lang.String[][]", "int")));
        assertFalse(p.matchesParameters(List.of("float[]", "java.lang.String[]", "int")));
        assertFalse(p.matchesParameters(List.of("double[]", "java.lang.String[][]", "int")));
        assertFalse(p.matchesParameters(List.of("float[]", "java.lang.String[][]", "java.lang.Integer")));
    }

    @Test
    void starMatchesExactlyOneParameterOfAnyType() {
        MethodPattern p = MethodPattern.parse("c.M#m(*, int)");
        assertTrue(p.matchesParameters(List.of("float[][]", "int")));
        assertFalse(p.matchesParameters(List.of("int")));
        assertFalse(p.matchesParameters(List.of("a.B", "int", "int")));
    }

    @Test
    void dotDotMatchesAnyRemainingParametersIncludingNone() {
        MethodPattern p = MethodPattern.parse("c.M#m(String, ..)");
        assertTrue(p.matchesParameters(List.of("java.lang.String")));
        assertTrue(p.matchesParameters(List.of("java.lang.String", "int", "float[]")));
        assertFalse(p.matchesParameters(List.of()));
        assertFalse(p.matchesParameters(List.of("int", "java.lang.String")));
        assertTrue(MethodPattern.parse("c.M#m(..)").matchesParameters(List.of()));
    }

    @Test
    void exactParameterCountIsKnownOnlyWithoutDotDot() {
        assertEquals(2, MethodPattern.parse("c.M#m(*, int)").exactParameterCount());
        assertEquals(-1, MethodPattern.parse("c.M#m(*, ..)").exactParameterCount());
        assertEquals(-1, MethodPattern.parse("c.M#m").exactParameterCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                              | the pattern is empty",
        "com.acme.Model.predict          | missing '#'",
        "com.acme.Model#                 | method name is empty",
        "#predict                        | class name is empty",
        "a#b#c                           | more than one '#'",
        "com..Model#m                    | is not a class name",
        "com.acme.Mo del#m               | is not a class name",
        "com.acme.Model#pre-dict         | is not a method name",
        "com.acme.Model#<clinit>(String) | a static initialiser takes no parameters",
        "com.acme.Model#<clin>           | is not a method name",
        "com.acme.Model#m(String         | missing ')'",
        "com.acme.Model#m)               | ')' without '('",
        "com.acme.Model#m(String)x       | unexpected text after ')'",
        "com.acme.Model#m((String))      | unbalanced parentheses",
        "'com.acme.Model#m(String,)'     | parameter 2 is empty",
        "'com.acme.Model#m(.., String)'  | must be the last parameter",
        "com.acme.Model#m(List<String>)  | type arguments",
        "com.acme.Model#m(Str*)          | stands alone",
        "com.acme.Model#m(9x)            | is not a type name",
    })
    void malformedPatternsAreRejectedWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(text));
        assertTrue(e.getMessage().startsWith("bad method pattern '"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void errorMessageQuotesThePatternAndSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodPattern.parse("com.x.Model#"));
        assertEquals("bad method pattern 'com.x.Model#': method name is empty", e.getMessage());
    }

    @Test
    void parameterTypesAreImmutable() {
        MethodPattern p = MethodPattern.parse("c.M#m(int)");
        assertThrows(UnsupportedOperationException.class, () -> p.parameterTypes().add("x"));
    }

    interface Scorer {
    }

    static class BaseScorer implements Scorer {
    }

    static final class LeafScorer extends BaseScorer {
    }

    @Test
    void aPatternNamesALoadedClassThroughAnyOfItsSupertypes() {
        assertTrue(MethodPattern.parse(Scorer.class.getName() + "#score").namesTypeOrSupertypeOf(LeafScorer.class),
                "an interface of a superclass");
        assertTrue(MethodPattern.parse("*$BaseScorer#score").namesTypeOrSupertypeOf(LeafScorer.class));
        assertFalse(MethodPattern.parse("*$LeafScorer#score").namesTypeOrSupertypeOf(BaseScorer.class),
                "a subclass does not name its superclass");
        assertFalse(MethodPattern.parse(Scorer.class.getName() + "#score").namesTypeOrSupertypeOf(String.class));
    }
}
