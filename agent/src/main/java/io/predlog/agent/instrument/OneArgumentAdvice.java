package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link MethodAdvice} for a method with exactly one parameter, the usual shape of a {@code predict}: its argument
 * is handed over on its own, so the woven method allocates no argument array per call (a primitive argument is
 * still boxed). It has no exit of its own: it is woven with {@link MethodAdvice}'s, or for a method returning a
 * {@code double} or {@code float} with {@link DoubleReturnAdvice}'s or {@link FloatReturnAdvice}'s. Its code is
 * copied into the application's class, so it may reference only the bootstrap-served {@link PredlogBridge}.
 */
public final class OneArgumentAdvice {

    private OneArgumentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@TargetId int targetId,
                               @MethodName String method,
                               @Advice.This(optional = true) Object self,
                               @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object arg) {
        return PredlogBridge.enterOne(targetId, method, self, arg);
    }
}
