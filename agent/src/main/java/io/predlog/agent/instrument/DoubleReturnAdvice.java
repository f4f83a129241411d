package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;

/**
 * The exit advice of a method that returns a {@code double}: its value is handed to the bridge as it is, so the woven
 * method boxes nothing per call ({@link MethodAdvice}'s exit reads the return value as an {@code Object}). Woven with
 * the enter advice of {@link MethodAdvice} or {@link OneArgumentAdvice}. Its code is copied into the application's
 * class, so it may reference only the bootstrap-served {@link PredlogBridge}.
 */
public final class DoubleReturnAdvice {

    private DoubleReturnAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope,
                            @Advice.This(optional = true) Object self,
                            @Advice.Return double returned,
                            @Advice.Thrown Throwable thrown) {
        PredlogBridge.exitNumber(scope, self, returned, false, thrown);
    }
}
