package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The class-file transformer that weaves advice: a class its {@link Weaving} wants is described from its class file
 * by a Byte Buddy type pool, decorated with the advice (the class's members and format unchanged, so that
 * retransformation stays legal and other agents coexist), and written back. This is what Byte Buddy's agent builder
 * does for decorating advice, without the builder: its transformer's class is generated at run time (for the Java 8
 * method signature), which costs a start about 110 ms and 8 MB of allocation, and predlog needs none of its other
 * strategies.
 *
 * <p>A class is described only after the cheaper filters in front of this transformer let it through
 * ({@link DeferredTransformer}, {@link TargetPrefilter}). A transformation that fails is reported under the
 * weaver's name and the class loads unchanged. A class loaded on a thread while it is weaving (a class the
 * class loader itself needs, say) is left unchanged rather than woven inside another weaving.
 */
final class Weaver implements ClassFileTransformer {

    /** What is woven into one class. */
    interface Weaving {

        /**
         * Whether a class of this name may be woven, decided before it is described: false spares the description.
         *
         * @param loader its class loader; null for the bootstrap loader
         */
        default boolean mayWant(String typeName, ClassLoader loader) {
            return true;
        }

        /**
         * Whether {@code type} is woven at all, decided before a builder is made.
         *
         * @param loader its class loader; null for the bootstrap loader
         */
        boolean wants(TypeDescription type, ClassLoader loader);

        /** {@code builder} with the advice for {@code type}. */
        DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader);

        /**
         * A weaving decided by the class's name (and loader) alone: every class {@code names} accepts is woven by
         * {@code weave}.
         */
        static Weaving byName(BiPredicate<String, ClassLoader> names,
                              BiFunction<DynamicType.Builder<?>, TypeDescription, DynamicType.Builder<?>> weave) {
            return new Weaving() {
                @Override
                public boolean mayWant(String typeName, ClassLoader loader) {
                    return names.test(typeName, loader);
                }

                @Override
                public boolean wants(TypeDescription type, ClassLoader loader) {
                    return true;
                }

                @Override
                public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type,
                                                    ClassLoader loader) {
                    return weave.apply(builder, type);
                }
            };
        }
    }

    /**
     * Decorating builders: advice only decorates declared methods, so the method graph is that of the declared
     * methods (the full one resolves every supertype, including ones another agent generated in memory), and the
     * unchanged type is not validated.
     */
    private static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    /** Set on a thread while it weaves a class. */
    private static final ThreadLocal<boolean[]> WEAVING = ThreadLocal.withInitial(() -> new boolean[1]);

    private final String name;
    private final Weaving weaving;

    /**
     * @param name    what failures are reported under, with the class's name ({@code instrument:com.acme.Model})
     * @param weaving what is woven into which classes
     */
    Weaver(String name, Weaving weaving) {
        this.name = name;
        this.weaving = weaving;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        return transform(loader, internalName, classBeingRedefined, protectionDomain, classFile);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null || classFile == null) {
            return null;
        }
        String typeName = internalName.replace('/', '.');
        boolean[] busy = WEAVING.get();
        if (busy[0]) {
            return null;
        }
        busy[0] = true;
        try {
            if (!weaving.mayWant(typeName, loader)) {
                return null;
            }
            return weave(loader, typeName, classFile);
        } catch (Throwable t) {
            Diagnostics.failure(name + ":" + typeName, t);
            return null;
        } finally {
            busy[0] = false;
        }
    }

    /** The woven class file, or null when the class is not woven. */
    byte[] weave(ClassLoader loader, String typeName, byte[] classFile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                        : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(typeName).resolve();
        if (!weaving.wants(type, loader)) {
            return null;
        }
        DynamicType.Builder<?> builder = weaving.weave(BYTE_BUDDY.decorate(type, locator), type, loader);
        return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    }
}
