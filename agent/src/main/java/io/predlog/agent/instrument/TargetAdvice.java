package io.predlog.agent.instrument;

import io.predlog.agent.record.TargetRuntime;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;

/**
 * One target's advice, with its index bound as a constant ({@link TargetId}). Making an advice parses the advice
 * class's code, a few milliseconds each on the weaving thread while the application may be waiting for it, and
 * most targets only ever need one or two of them: the direct one for the methods of a named type, in its
 * one-parameter form ({@link OneArgumentAdvice}) for methods with one parameter; the receiver-checked ones for a
 * supertype that declares a named method ({@link TargetMatcher.Weave#checkReceiver()}); the class-initialiser one
 * for a constructor target's class. So each is made when a class first needs it. Thread-safe: classes are woven
 * on whatever thread loads them.
 */
final class TargetAdvice {

    private final int index;
    /** {@link MethodAdvice}, or {@link ConstructorAdvice} for a constructor target. */
    private final TypeDescription adviceType;
    private final TypeDescription methodAdvice;
    private Advice direct;
    private Advice checked;
    private Advice directOne;
    private Advice checkedOne;
    private Advice classInit;

    /**
     * @param index        the target's index, as the advice carries it
     * @param adviceType   the advice woven into the target's methods
     * @param methodAdvice the advice woven into a constructor target's static initialiser
     */
    TargetAdvice(int index, TypeDescription adviceType, TypeDescription methodAdvice) {
        this.index = index;
        this.adviceType = adviceType;
        this.methodAdvice = methodAdvice;
    }

    /** For the methods of a type the target names. */
    synchronized Advice direct() {
        if (direct == null) {
            direct = make(adviceType, index);
        }
        return direct;
    }

    /**
     * For a method with one parameter: {@link OneArgumentAdvice} where the target's advice is {@link MethodAdvice}
     * (a constructor's advice has no such form), directly or with the receiver checked.
     */
    synchronized Advice oneArgument(boolean checkReceiver) {
        if (adviceType != methodAdvice) {
            return checkReceiver ? checked() : direct();
        }
        if (checkReceiver) {
            if (checkedOne == null) {
                checkedOne = make(AdviceTypes.of(OneArgumentAdvice.class), index | TargetRuntime.RECEIVER_CHECK);
            }
            return checkedOne;
        }
        if (directOne == null) {
            directOne = make(AdviceTypes.of(OneArgumentAdvice.class), index);
        }
        return directOne;
    }

    /** For the methods of a supertype, whose receiver is checked against the named type at run time. */
    synchronized Advice checked() {
        if (checked == null) {
            checked = make(adviceType, index | TargetRuntime.RECEIVER_CHECK);
        }
        return checked;
    }

    /** For the static initialiser of a constructor target's class, counted in the load. */
    synchronized Advice classInit() {
        if (classInit == null) {
            classInit = make(methodAdvice, index | TargetRuntime.CLASS_INIT);
        }
        return classInit;
    }

    private static Advice make(TypeDescription advice, int id) {
        return Advice.withCustomMapping().bind(TargetId.class, id).to(advice, AdviceTypes.LOCATOR);
    }
}
