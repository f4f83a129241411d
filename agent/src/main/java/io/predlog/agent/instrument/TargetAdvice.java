package io.predlog.agent.instrument;

import io.predlog.agent.record.TargetRuntime;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * One target's advice, with its index bound as a constant ({@link TargetId}). Making an advice parses the advice
 * class's code, a few milliseconds each on the weaving thread while the application may be waiting for it, and
 * most targets only ever need one or two of them, so each is made when a class first needs it. A method's advice
 * is chosen by its shape ({@link #method}): the enter of {@link MethodAdvice}, or of {@link OneArgumentAdvice} for a
 * method with one parameter; the exit of {@link MethodAdvice}, or of {@link DoubleReturnAdvice} or
 * {@link FloatReturnAdvice} for a method that returns a {@code double} or a {@code float}; the receiver checked for
 * a supertype that declares a named method ({@link TargetMatcher.Weave#checkReceiver()}). A constructor target's
 * methods have their own advice, and its class's initialiser the class-initialiser one. Thread-safe: classes are
 * woven on whatever thread loads them.
 */
final class TargetAdvice {

    /** How a woven method's return value reaches the exit advice. */
    enum Returns {
        /** As an {@code Object}: boxed when primitive. */
        OBJECT,
        /** A {@code double}, as it is. */
        DOUBLE,
        /** A {@code float}, widened. */
        FLOAT;

        static Returns of(MethodDescription method) {
            TypeDescription.Generic type = method.getReturnType();
            return type.represents(double.class) ? DOUBLE : type.represents(float.class) ? FLOAT : OBJECT;
        }
    }

    private final int index;
    /** {@link MethodAdvice}, or {@link ConstructorAdvice} for a constructor target. */
    private final TypeDescription adviceType;
    private final TypeDescription methodAdvice;
    private Advice direct;
    private Advice checked;
    private Advice classInit;
    /** The other method advice, by {@link #variant}. */
    private final Advice[] shaped = new Advice[2 * 2 * Returns.values().length];

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
            direct = make(adviceType, adviceType, index);
        }
        return direct;
    }

    /** For the methods of a supertype, whose receiver is checked against the named type at run time. */
    synchronized Advice checked() {
        if (checked == null) {
            checked = make(adviceType, adviceType, index | TargetRuntime.RECEIVER_CHECK);
        }
        return checked;
    }

    /**
     * For a method of this shape: {@link #direct()} or {@link #checked()} for a method of any number of parameters
     * that returns an object (and for every method of a constructor target), else the variant with a one-argument
     * enter or a primitive exit.
     *
     * @param oneArgument the method has exactly one parameter
     */
    synchronized Advice method(boolean checkReceiver, boolean oneArgument, Returns returns) {
        if (adviceType != methodAdvice || !oneArgument && returns == Returns.OBJECT) {
            return checkReceiver ? checked() : direct();
        }
        int variant = (checkReceiver ? 1 : 0) | (oneArgument ? 2 : 0) | returns.ordinal() << 2;
        Advice made = shaped[variant];
        if (made == null) {
            TypeDescription enter = oneArgument ? AdviceTypes.of(OneArgumentAdvice.class) : methodAdvice;
            TypeDescription exit = switch (returns) {
                case OBJECT -> methodAdvice;
                case DOUBLE -> AdviceTypes.of(DoubleReturnAdvice.class);
                case FLOAT -> AdviceTypes.of(FloatReturnAdvice.class);
            };
            made = make(enter, exit, checkReceiver ? index | TargetRuntime.RECEIVER_CHECK : index);
            shaped[variant] = made;
        }
        return made;
    }

    /** For the static initialiser of a constructor target's class, counted in the load. */
    synchronized Advice classInit() {
        if (classInit == null) {
            classInit = make(methodAdvice, methodAdvice, index | TargetRuntime.CLASS_INIT);
        }
        return classInit;
    }

    private static Advice make(TypeDescription enter, TypeDescription exit, int id) {
        Advice.WithCustomMapping mapping = AdviceTypes.withTargetId(id);
        return enter == exit ? mapping.to(enter, AdviceTypes.LOCATOR) : mapping.to(enter, exit, AdviceTypes.LOCATOR);
    }
}
