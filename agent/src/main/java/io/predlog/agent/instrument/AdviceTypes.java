package io.predlog.agent.instrument;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's advice classes as Byte Buddy weaves them: described from their class files, as Byte Buddy reads
 * their code anyway, and not through reflection, which would have the JDK parse every annotation of every advice
 * method and generate a proxy class for each annotation type. One pool for the agent's lifetime; thread-safe.
 */
final class AdviceTypes {

    /** The agent's own class files: the advice classes and what they name. */
    static final ClassFileLocator LOCATOR = ClassFileLocator.ForClassLoader.of(AdviceTypes.class.getClassLoader());

    private static final TypePool POOL = TypePool.Default.of(LOCATOR);

    private AdviceTypes() {
    }

    /** The description of an advice class of the agent's, for {@code Advice.to(description, LOCATOR)}. */
    static TypeDescription of(Class<?> advice) {
        return POOL.describe(advice.getName()).resolve();
    }
}
