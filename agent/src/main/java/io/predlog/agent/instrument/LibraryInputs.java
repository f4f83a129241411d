package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.LibraryInputBridge;
import net.bytebuddy.asm.Advice;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Where a model library builds its input object from the application's Java arrays and offers no way to read
 * them back, and what predlog weaves there: at the constructor's normal exit, the new object and its arguments
 * go to {@link LibraryInputBridge#built}, which the capture turns into a digest of the data kept for that object
 * (docs/HASHING.md, "XGBoost4J and Tribuo").
 *
 * <table>
 *   <caption>observed constructors</caption>
 *   <tr><th>class</th><th>constructors</th></tr>
 *   <tr><td>{@code ml.dmlc.xgboost4j.java.DMatrix} (XGBoost4J)</td>
 *       <td>public, taking {@code float[]} first (dense: {@code data, nrow, ncol[, missing]}) or third (CSR/CSC:
 *       {@code headers, indices, data, SparseType[, shapeParam[, missing, nthread]]})</td></tr>
 * </table>
 *
 * <p>{@code DMatrix.dispose()}, which frees the matrix's native copy, is woven too: after it returns,
 * {@link LibraryInputBridge#released} lets the capture drop what it kept for the object at once, rather than when
 * the collector clears the object.
 *
 * <p>The woven code is one static call after the constructor's own code; it is {@code suppress = Throwable}, and
 * the bridge swallows every failure, so a constructor returns and throws exactly as it would without the agent.
 * A constructor that delegates to another ({@code this(…)}) is observed twice; the capture keeps the first
 * (innermost) observation. Only classes loaded after the agent started are woven (at {@code -javaagent} start-up
 * that is all of them); a {@code DMatrix} class loaded earlier keeps its objects' data unseen.
 */
public final class LibraryInputs {

    private static final String DMATRIX = "ml.dmlc.xgboost4j.java.DMatrix";

    private LibraryInputs() {
    }

    /**
     * Registers the transformer that weaves the constructors above, and returns what builds its Byte Buddy part,
     * for the agent's weaving thread ({@link DeferredTransformer}).
     */
    public static Runnable install(Instrumentation instrumentation) {
        DeferredTransformer deferred = new DeferredTransformer("library-inputs",
                (name, classFile, loader) -> name.equals(DMATRIX));
        instrumentation.addTransformer(deferred, false);
        return () -> deferred.build(() -> {
            Advice observe = Advice.to(AdviceTypes.of(Observe.class), AdviceTypes.LOCATOR);
            Advice release = Advice.to(AdviceTypes.of(Release.class), AdviceTypes.LOCATOR);
            return new Weaver("instrument", Weaver.Weaving.byName((name, loader) -> name.equals(DMATRIX),
                    (builder, type) -> builder.visit(observe.on(isConstructor().and(isPublic())
                            .and(takesArgument(0, float[].class).or(takesArgument(2, float[].class)))))
                            .visit(release.on(named("dispose").and(takesNoArguments()).and(isPublic())))));
        });
    }

    /** The advice: hands the new object and its arguments to the bridge. */
    static final class Observe {
        private Observe() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object built, @Advice.AllArguments Object[] arguments) {
            LibraryInputBridge.built(built, arguments);
        }
    }

    /** The advice on {@code dispose()}: the object's native data is gone, and with it what was kept for it. */
    static final class Release {
        private Release() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object released) {
            LibraryInputBridge.released(released);
        }
    }

}
