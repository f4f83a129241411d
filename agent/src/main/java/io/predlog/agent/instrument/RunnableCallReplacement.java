package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.reflect.Method;

/**
 * In the methods it is applied to, turns each {@code Runnable.run()} call ({@code invokeinterface
 * java/lang/Runnable.run()V}) into a call of a static method taking the {@code Runnable}: the same stack effect,
 * so nothing else in the method changes. It reads the instructions only, and resolves no types: Byte Buddy's
 * general {@code MemberSubstitution} describes every type the method calls into, which cost more than all
 * the other JDK weaving together at start-up (docs/PERFORMANCE.md).
 */
final class RunnableCallReplacement {

    private static final String RUNNABLE = Type.getInternalName(Runnable.class);

    private RunnableCallReplacement() {
    }

    /**
     * Replaces the {@code Runnable.run()} calls in the methods that {@code methods} matches by
     * {@link PredlogBridge#runTask}.
     */
    static AsmVisitorWrapper withRunTask(ElementMatcher<? super MethodDescription> methods) {
        Method runTask;
        try {
            runTask = PredlogBridge.class.getMethod("runTask", Runnable.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the bridge has no runTask(Runnable)", e);
        }
        return replacing(methods, Type.getInternalName(runTask.getDeclaringClass()), runTask.getName(),
                Type.getMethodDescriptor(runTask));
    }

    /** Replaces them by {@code owner.name(desc)}, a static method of one {@code Runnable} parameter returning void. */
    static AsmVisitorWrapper replacing(ElementMatcher<? super MethodDescription> methods, String owner, String name,
                                       String desc) {
        if (!desc.equals("(" + Type.getDescriptor(Runnable.class) + ")V")) {
            throw new IllegalArgumentException("not a static void method of one Runnable: " + desc);
        }
        return new AsmVisitorWrapper.ForDeclaredMethods().method(methods,
                (instrumentedType, instrumentedMethod, visitor, context, typePool, writerFlags, readerFlags) ->
                        new MethodVisitor(OpenedClassReader.ASM_API, visitor) {
                            @Override
                            public void visitMethodInsn(int opcode, String callOwner, String callName,
                                                        String callDesc, boolean isInterface) {
                                if (opcode == Opcodes.INVOKEINTERFACE && callOwner.equals(RUNNABLE)
                                        && callName.equals("run") && callDesc.equals("()V")) {
                                    super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, desc, false);
                                } else {
                                    super.visitMethodInsn(opcode, callOwner, callName, callDesc, isInterface);
                                }
                            }
                        });
    }
}
