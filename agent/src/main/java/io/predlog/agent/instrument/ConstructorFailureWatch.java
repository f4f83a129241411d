package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the recorder see a constructor fail. Advice cannot catch a constructor's exceptions (no handler may cover
 * the {@code super(…)} call), so this rewrites the constructor itself: right after its {@code super(…)} or
 * {@code this(…)} call it tells the bridge that the object is initialised, and an exception handler covering the
 * rest of the body tells the bridge the constructor is throwing, then rethrows the same exception.
 *
 * <p>The handler runs after the application's own handlers of that code and changes nothing the application can
 * observe: the same exception object leaves the constructor. Its stack map frame declares {@code this} and the
 * parameters with their declared types, as every frame of the method does for the advice woven around it. Only
 * classes of Java 7 or later (with stack map frames) are rewritten.
 *
 * <p>Applied to load targets' constructors, and, with {@code named = false}, to the constructors of their
 * superclasses ({@link InheritedCode}), whose failures the named constructor's {@code super(…)} call passes on.
 */
final class ConstructorFailureWatch implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {

    private static final String BRIDGE = Type.getInternalName(PredlogBridge.class);

    private final boolean named;

    /** @param named the constructor is a target's own (true), or a superclass's that one calls (false) */
    ConstructorFailureWatch(boolean named) {
        this.named = named;
    }

    /** The wrapper that applies this watch to the given constructors. */
    AsmVisitorWrapper on(List<MethodDescription.InDefinedShape> constructors) {
        return new AsmVisitorWrapper.ForDeclaredMethods()
                .readerFlags(ClassReader.EXPAND_FRAMES)
                .constructor(ElementMatchers.anyOf(constructors), this);
    }

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        ClassFileVersion version = implementationContext.getClassFileVersion();
        if (version == null || !version.isAtLeast(ClassFileVersion.JAVA_V7)) {
            return methodVisitor;
        }
        return new Watching(methodVisitor, instrumentedType.getName() + "#<init>", named,
                frameLocals(instrumentedType, instrumentedMethod));
    }

    /** {@code this} and the parameters, as an expanded stack map frame lists them. */
    private static Object[] frameLocals(TypeDescription type, MethodDescription constructor) {
        List<Object> locals = new ArrayList<>();
        locals.add(type.getInternalName());
        for (ParameterDescription parameter : constructor.getParameters()) {
            TypeDescription erasure = parameter.getType().asErasure();
            if (erasure.represents(long.class)) {
                locals.add(Opcodes.LONG);
            } else if (erasure.represents(double.class)) {
                locals.add(Opcodes.DOUBLE);
            } else if (erasure.represents(float.class)) {
                locals.add(Opcodes.FLOAT);
            } else if (erasure.isPrimitive()) {
                locals.add(Opcodes.INTEGER);
            } else {
                locals.add(erasure.isArray() ? erasure.getDescriptor() : erasure.getInternalName());
            }
        }
        return locals.toArray();
    }

    /** Finds the initialising call by pairing {@code new} with constructor calls, as javac emits them. */
    private static final class Watching extends MethodVisitor {
        private final String method;
        private final boolean named;
        private final Object[] frameLocals;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();
        private int pendingNew;
        private boolean initialised;

        Watching(MethodVisitor delegate, String method, boolean named, Object[] frameLocals) {
            super(Opcodes.ASM9, delegate);
            this.method = method;
            this.named = named;
            this.frameLocals = frameLocals;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            super.visitTypeInsn(opcode, type);
            if (opcode == Opcodes.NEW && !initialised) {
                pendingNew++;
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (initialised || opcode != Opcodes.INVOKESPECIAL || !"<init>".equals(name)) {
                return;
            }
            if (pendingNew > 0) {
                pendingNew--;
                return;
            }
            initialised = true;
            if (named) {
                super.visitLdcInsn(method);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "constructorInitialised",
                        "(Ljava/lang/String;)V", false);
            }
            super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            super.visitLabel(start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (initialised) {
                super.visitLabel(end);
                super.visitLabel(handler);
                super.visitFrame(Opcodes.F_NEW, frameLocals.length, frameLocals, 1, new Object[]{"java/lang/Throwable"});
                super.visitInsn(Opcodes.DUP);
                super.visitLdcInsn(method);
                super.visitInsn(named ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "constructorThrew",
                        "(Ljava/lang/Throwable;Ljava/lang/String;Z)V", false);
                super.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(Math.max(maxStack, 4), maxLocals);
        }
    }
}
