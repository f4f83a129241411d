package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into every instrumented method. Its code is copied into the application's class, so it may
 * reference only the bootstrap-served {@link PredlogBridge}. The return value and the exception are only read,
 * never replaced; {@code suppress} makes sure a failure in the advice itself cannot reach the application.
 */
public final class MethodAdvice {

    private MethodAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@TargetId int targetId,
                               @MethodName String method,
                               @Advice.This(optional = true) Object self,
                               @Advice.AllArguments Object[] args) {
        return PredlogBridge.enter(targetId, method, self, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope,
                            @Advice.This(optional = true) Object self,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.Thrown Throwable thrown) {
        PredlogBridge.exit(scope, self, returned, thrown);
    }
}
