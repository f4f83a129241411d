package io.predlog.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's advice classes as Byte Buddy weaves them: described from their class files, as Byte Buddy reads
 * their code anyway, and not through reflection, which would have the JDK parse every annotation of every advice
 * method and generate a proxy class for each annotation type; and the constants they are woven with
 * ({@link #withTargetId}). One pool for the agent's lifetime; thread-safe.
 */
final class AdviceTypes {

    /** The agent's own class files: the advice classes and what they name. */
    static final ClassFileLocator LOCATOR = ClassFileLocator.ForClassLoader.of(AdviceTypes.class.getClassLoader());

    private static final TypePool POOL = TypePool.Default.of(LOCATOR);

    private static final TypeDescription.Generic INT = TypeDescription.ForLoadedType.of(int.class).asGenericType();

    /** {@link MethodName}: {@code fully.qualified.Class#method} of the method being woven. */
    private static final Advice.OffsetMapping METHOD_NAME = (instrumentedType, instrumentedMethod, assigner,
                                                             argumentHandler, sort) ->
            new Advice.OffsetMapping.Target.ForStackManipulation(
                    new TextConstant(instrumentedType.getName() + '#' + instrumentedMethod.getInternalName()));

    private AdviceTypes() {
    }

    /** The description of an advice class of the agent's, for {@code Advice.to(description, LOCATOR)}. */
    static TypeDescription of(Class<?> advice) {
        return POOL.describe(advice.getName()).resolve();
    }

    /**
     * Advice whose {@link TargetId} parameter is {@code id} and whose {@link MethodName} parameter is the woven
     * method's name, each bound as the instruction that pushes the constant. Binding the boxed number
     * ({@code bind(TargetId.class, id)}) or the name as {@code @Advice.Origin} would have Byte Buddy describe them as
     * Java constants, whose first use sets up a dispatcher, a proxy class, for each of the JDK's constant descriptor
     * types: seven proxy classes generated at start-up for two constants (docs/PERFORMANCE.md).
     */
    static Advice.WithCustomMapping withTargetId(int id) {
        return Advice.withCustomMapping().bind(TargetId.class, IntegerConstant.forValue(id), INT)
                .bind(MethodName.class, METHOD_NAME);
    }
}
