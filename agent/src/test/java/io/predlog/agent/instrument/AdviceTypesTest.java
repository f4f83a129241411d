package io.predlog.agent.instrument;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static net.bytebuddy.matcher.ElementMatchers.any;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class AdviceTypesTest {

    /** Every advice class the agent weaves. */
    private static final List<Class<?>> ADVICE = List.of(MethodAdvice.class, OneArgumentAdvice.class,
            DoubleReturnAdvice.class, FloatReturnAdvice.class, ConstructorAdvice.class,
            HandOffAdvice.AttachTaskArgument.class, HandOffAdvice.AttachNewTask.class,
            HandOffAdvice.AttachNewThread.class, HandOffAdvice.RunWithAttached.class,
            HttpAdvice.ReplaceRequest.class, HttpAdvice.BeforeConnect.class,
            AsyncCompletionPoints.FutureCompleted.class, LibraryInputs.Observe.class,
            LibraryInputs.Release.class);

    /** Each method's signature and the annotations on it and its parameters, with their values, as text. */
    private static Map<String, String> describe(TypeDescription type) {
        Map<String, String> methods = new TreeMap<>();
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            StringBuilder text = new StringBuilder();
            for (AnnotationDescription a : m.getDeclaredAnnotations()) {
                text.append(annotation(a)).append(' ');
            }
            m.getParameters().forEach(p -> p.getDeclaredAnnotations().forEach(a -> text.append(p.getIndex())
                    .append(':').append(annotation(a)).append(' ')));
            methods.put(m.toGenericString(), text.toString());
        }
        return methods;
    }

    /** An annotation's type and every property's value, properties by name. */
    private static String annotation(AnnotationDescription a) {
        Map<String, String> values = new TreeMap<>();
        for (MethodDescription.InDefinedShape property : a.getAnnotationType().getDeclaredMethods()) {
            values.put(property.getName(), String.valueOf(a.getValue(property)));
        }
        return a.getAnnotationType().getName() + values;
    }

    @Test
    void anAdviceClassReadFromItsClassFileIsDescribedAsReflectionDescribesIt() {
        for (Class<?> advice : ADVICE) {
            TypeDescription fromClassFile = AdviceTypes.of(advice);
            Map<String, String> expected = describe(TypeDescription.ForLoadedType.of(advice));
            assertFalse(expected.values().stream().allMatch(String::isEmpty), advice + " has advice annotations");
            assertEquals(expected, describe(fromClassFile), advice.getName());
        }
    }

    @Test
    void byteBuddyMakesAdviceOfEachOfThem() {
        for (Class<?> advice : ADVICE) {
            // an exit of its own is woven with an enter of another's, whose scope it reads
            boolean exitOnly = advice == DoubleReturnAdvice.class || advice == FloatReturnAdvice.class;
            Advice made = exitOnly ? AdviceTypes.withTargetId(7)
                    .to(AdviceTypes.of(OneArgumentAdvice.class), AdviceTypes.of(advice), AdviceTypes.LOCATOR)
                    : advice == MethodAdvice.class || advice == ConstructorAdvice.class
                    ? AdviceTypes.withTargetId(7).to(AdviceTypes.of(advice), AdviceTypes.LOCATOR)
                    : Advice.to(AdviceTypes.of(advice), AdviceTypes.LOCATOR);
            assertNotNull(made, advice.getName());
        }
    }

    /** The class woven by the binding test: a static initialiser, a constructor, an instance and a static method. */
    public static class Subject {
        static final long LOADED = System.nanoTime();

        public int value() {
            return 1;
        }

        public static int twice(int x) {
            return 2 * x;
        }
    }

    /** Advice that records what it was bound to. */
    public static final class Recording {
        public static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

        private Recording() {
        }

        @Advice.OnMethodEnter
        public static void enter(@TargetId int targetId, @MethodName String method) {
            SEEN.add(targetId + " " + method);
        }
    }

    @Test
    void theTargetIdAndTheMethodNameAreBoundAsConstantsOfTheWovenMethod() throws Exception {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(AdviceTypesTest.class.getClassLoader());
        TypeDescription recording = TypeDescription.ForLoadedType.of(Recording.class);
        Advice advice = AdviceTypes.withTargetId(1234567).to(recording, locator);
        Class<?> woven = new ByteBuddy().redefine(Subject.class, locator)
                .visit(advice.on(any())) // the static initialiser too
                .make()
                .load(new ClassLoader(AdviceTypesTest.class.getClassLoader()) { }, ClassLoadingStrategy.Default.INJECTION)
                .getLoaded();
        Recording.SEEN.clear();
        Object subject = woven.getConstructor().newInstance();
        woven.getMethod("value").invoke(subject);
        woven.getMethod("twice", int.class).invoke(null, 21);
        String name = Subject.class.getName();
        assertEquals(List.of("1234567 " + name + "#<clinit>", "1234567 " + name + "#<init>",
                "1234567 " + name + "#value", "1234567 " + name + "#twice"), Recording.SEEN);
    }
}
