package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds the code of lambdas that implement a named interface. The JVM defines a lambda's class as a hidden class,
 * which no agent is shown and which cannot be retransformed, so the call is recorded in the method the lambda
 * runs: the {@code lambda$…} method its enclosing class declares. (A method reference, {@code model::predict},
 * runs a method that other callers run too, and is not recorded through the interface.) A plain
 * {@link ClassFileTransformer}, run before the instrumentation's own, reads each class as it loads for
 * {@code invokedynamic} instructions of {@code LambdaMetafactory} whose interface and method a target names; it
 * changes nothing itself.
 *
 * <p>Only targets that name a class exactly (no {@code *}) are looked for, and a class's constant pool is first
 * looked through for a call site returning the interface ({@link #mentionsATarget}), so that a class without such
 * lambdas costs one pass over its constant pool. Lambdas in classes loaded before the agent are not found.
 */
final class LambdaBodies implements ClassFileTransformer {

    /**
     * A method that the lambdas of a target run.
     *
     * @param name       the method's name
     * @param descriptor the method's descriptor
     * @param target     the target's index
     * @param captured   how many leading parameters hold captured values rather than the interface method's arguments
     */
    record Body(String name, String descriptor, int target, int captured) {
    }

    private final List<TargetSpec> targets;
    /** Per target: {@code L<internal name>;} of the interface it names exactly, or null. */
    private final byte[][] needles;
    /** Binary class name → the lambda bodies it declares. */
    private final Map<String, List<Body>> bodies = new ConcurrentHashMap<>();

    LambdaBodies(List<TargetSpec> targets) {
        this.targets = List.copyOf(targets);
        this.needles = new byte[this.targets.size()][];
        for (int i = 0; i < needles.length; i++) {
            MethodPattern pattern = this.targets.get(i).pattern();
            if (!pattern.isConstructor() && pattern.classPattern().indexOf('*') < 0) {
                needles[i] = ("L" + pattern.classPattern().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** Whether any target could have lambdas (a target naming a type exactly). */
    boolean isUseful() {
        for (byte[] needle : needles) {
            if (needle != null) {
                return true;
            }
        }
        return false;
    }

    /** The lambda bodies found in the class of this binary name. */
    List<Body> bodiesOf(String className) {
        List<Body> found = bodies.get(className);
        return found == null ? List.of() : found;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined != null || className == null || classfileBuffer == null) {
            return null;
        }
        try {
            if (mentionsATarget(classfileBuffer)) {
                scan(classfileBuffer);
            }
        } catch (Throwable t) {
            Diagnostics.failure("instrument.lambdas", t);
        }
        return null;
    }

    /**
     * Whether the class may create a lambda of an interface a target names: it has an {@code invokedynamic}, and a
     * method descriptor in its constant pool returns the interface (a lambda's call site does). One pass over the
     * constant pool, without decoding it; only such a class is read in full ({@link #scan}).
     */
    boolean mentionsATarget(byte[] bytes) {
        ConstantPool pool;
        try {
            pool = ConstantPool.of(bytes);
        } catch (IllegalArgumentException notAClassFile) {
            return false; // nor could the full read read it; the JVM rejects it
        }
        return pool.hasInvokeDynamic() && pool.anyDescriptorReturns(needles);
    }

    private void scan(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String self = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String samName, String indyDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        if ("java/lang/invoke/LambdaMetafactory".equals(bootstrap.getOwner())
                                && arguments.length >= 3 && arguments[0] instanceof Type samType
                                && arguments[1] instanceof Handle implementation) {
                            found(self, samName, indyDescriptor, samType, implementation);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
    }

    private void found(String self, String samName, String indyDescriptor, Type samType,
                       Handle implementation) {
        String samInterface = Type.getReturnType(indyDescriptor).getClassName();
        List<String> samParameters = new ArrayList<>();
        for (Type parameter : samType.getArgumentTypes()) {
            samParameters.add(parameter.getClassName());
        }
        if (!implementation.getOwner().equals(self) || !implementation.getName().startsWith("lambda$")) {
            return; // a method reference: the method it names runs for other callers too
        }
        boolean implementationIsStatic = implementation.getTag() == Opcodes.H_INVOKESTATIC;
        int captured = Type.getArgumentTypes(indyDescriptor).length - (implementationIsStatic ? 0 : 1);
        for (int i = 0; i < targets.size(); i++) {
            MethodPattern pattern = targets.get(i).pattern();
            if (needles[i] == null || !pattern.matchesTypeName(samInterface) || !pattern.matchesMethodName(samName)
                    || !pattern.matchesParameters(samParameters)) {
                continue;
            }
            Body body = new Body(implementation.getName(), implementation.getDesc(), i, captured);
            List<Body> list = bodies.computeIfAbsent(self.replace('/', '.'), name -> new CopyOnWriteArrayList<>());
            if (!list.contains(body)) {
                list.add(body);
            }
        }
    }
}
