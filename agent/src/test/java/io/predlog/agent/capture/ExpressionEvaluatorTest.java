package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.predlog.agent.config.Expression;
import io.predlog.agent.config.Expression.Root;
import io.predlog.agent.config.Expression.Segment;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionEvaluatorTest {

    /** Builds what {@code Expression.parse} would give, so these tests do not depend on the parser. */
    private static ExpressionEvaluator expr(Root root, int argIndex, String literal, Segment... segments) {
        String text = root + "" + argIndex + List.of(segments);
        return ExpressionEvaluator.compile(new Expression(text, root, argIndex, literal, new ArrayList<>(List.of(segments))));
    }

    private static Segment member(String name) {
        return new Segment(name, false, null);
    }

    private static Segment call(String name) {
        return new Segment(name, true, null);
    }

    private static Segment call(String name, String arg) {
        return new Segment(name, true, arg);
    }

    public static class Model {
        private final String modelName = "churn";
        public String version() {
            return "v3";
        }
        public String getOwner() {
            return "team-a";
        }
        public boolean isReady() {
            return true;
        }
        public Model getParent() {
            return null;
        }
    }

    public static class Child extends Model {
        private final int depth = 2;
    }

    /** Like com.sun.net.httpserver.Headers / HttpExchange: a public interface, a hidden implementation. */
    public interface Exchange {
        Headers getRequestHeaders();
    }

    public interface Headers {
        String getFirst(String name);
    }

    private static final class HiddenExchange implements Exchange {
        @Override
        public Headers getRequestHeaders() {
            return name -> name.equals("X-Request-ID") ? "req-42" : null;
        }
    }

    @Test
    void literal() throws Exception {
        assertEquals("fixed", expr(Root.LITERAL, -1, "fixed").evaluate(null, new Object[0], null));
    }

    @Test
    void roots() throws Exception {
        Object self = new Object();
        assertEquals("b", expr(Root.ARG, 1, null).evaluate(self, new Object[] {"a", "b"}, null));
        assertEquals(self, expr(Root.THIS, -1, null).evaluate(self, new Object[0], null));
        assertEquals("r", expr(Root.RETURN, -1, null).evaluate(self, new Object[0], "r"));
    }

    @Test
    void noArgMethodThenGetterThenIsThenField() throws Exception {
        Model m = new Model();
        assertEquals("v3", expr(Root.THIS, -1, null, member("version")).evaluate(m, null, null));
        assertEquals("v3", expr(Root.THIS, -1, null, call("version")).evaluate(m, null, null));
        assertEquals("team-a", expr(Root.THIS, -1, null, member("owner")).evaluate(m, null, null));
        assertEquals(true, expr(Root.THIS, -1, null, member("ready")).evaluate(m, null, null));
        assertEquals("churn", expr(Root.THIS, -1, null, member("modelName")).evaluate(m, null, null));
    }

    @Test
    void fieldsOfSuperclassesToo() throws Exception {
        assertEquals("churn", expr(Root.THIS, -1, null, member("modelName")).evaluate(new Child(), null, null));
        assertEquals(2, expr(Root.THIS, -1, null, member("depth")).evaluate(new Child(), null, null));
    }

    @Test
    void stringArgumentMethodThroughAPublicInterfaceOfAHiddenClass() throws Exception {
        ExpressionEvaluator e = expr(Root.ARG, 0, null, call("getRequestHeaders"), call("getFirst", "X-Request-ID"));
        assertEquals("req-42", e.evaluate(null, new Object[] {new HiddenExchange()}, null));
        assertNull(expr(Root.ARG, 0, null, call("getRequestHeaders"), call("getFirst", "Other"))
                .evaluate(null, new Object[] {new HiddenExchange()}, null));
    }

    @Test
    void jdkInternalImplementationIsReachedThroughItsPublicInterface() throws Exception {
        // Map.of(...) is a non-public class in java.util; get("k") must run through java.util.Map.
        assertEquals("v", expr(Root.ARG, 0, null, call("get", "k")).evaluate(null, new Object[] {Map.of("k", "v")}, null));
        assertEquals(1, expr(Root.ARG, 0, null, member("size")).evaluate(null, new Object[] {Map.of("k", "v")}, null));
    }

    @Test
    void nullInTheMiddleOfTheChainGivesNull() throws Exception {
        assertNull(expr(Root.THIS, -1, null, member("parent"), member("owner")).evaluate(new Model(), null, null));
        assertNull(expr(Root.ARG, 0, null, member("owner")).evaluate(null, new Object[] {null}, null));
    }

    @Test
    void failuresThrowForTheCallerToReport() {
        assertThrows(NoSuchMethodException.class,
                () -> expr(Root.THIS, -1, null, member("nope")).evaluate(new Model(), null, null));
        assertThrows(IndexOutOfBoundsException.class,
                () -> expr(Root.ARG, 2, null).evaluate(null, new Object[] {"a"}, null));
        assertThrows(IllegalStateException.class, () -> expr(Root.THIS, -1, null, member("boom")).evaluate(new Object() {
            @SuppressWarnings("unused")
            public String boom() {
                throw new IllegalStateException("model says no");
            }
        }, null, null));
    }

    /** Private, and its method declared by no public type: reached by making the method accessible. */
    private static final class PrivateModel {
        private final long calls = 7;

        String tag() {
            return "private-tag";
        }

        int size(String unit) {
            return unit.length();
        }
    }

    @Test
    void membersOfAnApplicationsPrivateClassAreReadAndCalled() throws Exception {
        PrivateModel model = new PrivateModel();
        assertEquals("private-tag", expr(Root.THIS, -1, null, call("tag")).evaluate(model, null, null));
        assertEquals(7L, expr(Root.THIS, -1, null, member("calls")).evaluate(model, null, null));
        assertEquals(4, expr(Root.THIS, -1, null, call("size", "unit")).evaluate(model, null, null));
    }

    @Test
    void anErrorThrownByTheApplicationsMethodArrivesAsAnExceptionForTheCaller() {
        Object model = new Object() {
            @SuppressWarnings("unused")
            public String version() {
                throw new AssertionError("not loaded");
            }
        };
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> expr(Root.THIS, -1, null, call("version")).evaluate(model, null, null));
        assertEquals("not loaded", e.getCause().getMessage());
    }

    @Test
    void resolvedPerRuntimeClass() throws Exception {
        ExpressionEvaluator e = expr(Root.ARG, 0, null, member("size"));
        assertEquals(2, e.evaluate(null, new Object[] {List.of(1, 2)}, null));
        assertEquals(3, e.evaluate(null, new Object[] {Map.of("a", 1, "b", 2, "c", 3)}, null));
        assertEquals(0, e.evaluate(null, new Object[] {new ArrayList<>()}, null));
    }
}
