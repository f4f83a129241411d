package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into instrumented constructors ({@code <init>} load targets). A constructor has no
 * {@code this} before its super call and cannot be wrapped in an exception handler by advice, so enter sees
 * no object and exit runs only on success; the recorder notices constructors that never returned.
 */
public final class ConstructorAdvice {

    private ConstructorAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@TargetId int targetId,
                               @MethodName String method,
                               @Advice.AllArguments Object[] args) {
        return PredlogBridge.enter(targetId, method, null, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope, @Advice.This Object self) {
        PredlogBridge.exit(scope, self, self, null);
    }
}
