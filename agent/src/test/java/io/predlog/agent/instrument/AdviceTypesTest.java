package io.predlog.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
            Advice made = exitOnly ? Advice.withCustomMapping().bind(TargetId.class, 7)
                    .to(AdviceTypes.of(OneArgumentAdvice.class), AdviceTypes.of(advice), AdviceTypes.LOCATOR)
                    : advice == MethodAdvice.class || advice == ConstructorAdvice.class
                    ? Advice.withCustomMapping().bind(TargetId.class, 7).to(AdviceTypes.of(advice), AdviceTypes.LOCATOR)
                    : Advice.to(AdviceTypes.of(advice), AdviceTypes.LOCATOR);
            assertNotNull(made, advice.getName());
        }
    }
}
