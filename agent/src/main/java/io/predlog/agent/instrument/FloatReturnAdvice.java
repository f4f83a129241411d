package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;

/**
 * The exit advice of a method that returns a {@code float}: its value is handed to the bridge widened (exactly), so
 * the woven method boxes nothing per call, as {@link DoubleReturnAdvice} does for a {@code double}.
 */
public final class FloatReturnAdvice {

    private FloatReturnAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope,
                            @Advice.This(optional = true) Object self,
                            @Advice.Return float returned,
                            @Advice.Thrown Throwable thrown) {
        PredlogBridge.exitNumber(scope, self, returned, true, thrown);
    }
}
