package io.predlog.agent.instrument;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstantPoolTest {

    /** The header as a general class-file reader (ASM) gives it. */
    private static ClassHeader byAsm(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        List<String> interfaces = new ArrayList<>();
        for (String name : reader.getInterfaces()) {
            interfaces.add(name.replace('/', '.'));
        }
        String superName = reader.getSuperName();
        return new ClassHeader(reader.getClassName().replace('/', '.'),
                superName == null ? null : superName.replace('/', '.'), interfaces,
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
    }

    /** Every class of Byte Buddy's jar and of the JDK's {@code java.base}: thousands of real class files. */
    static List<byte[]> realClassFiles() throws IOException {
        List<byte[]> files = new ArrayList<>();
        String jar = TypeDescription.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        files.add(in.readAllBytes());
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> walk = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path path : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".class"))::iterator) {
                files.add(Files.readAllBytes(path));
            }
        }
        return files;
    }

    @Test
    void headersAreTheNamesAGeneralClassFileReaderGives() throws IOException {
        List<byte[]> files = realClassFiles();
        assertTrue(files.size() > 5_000, "class files read: " + files.size());
        int interfaces = 0;
        for (byte[] file : files) {
            ClassHeader expected = byAsm(file);
            assertEquals(expected, ClassHeader.of(file), expected.name());
            interfaces += expected.isInterface() ? 1 : 0;
        }
        assertTrue(interfaces > 500, "interfaces among them: " + interfaces);
    }

    /** A class file with names outside ASCII, wide constants and, when asked, an {@code invokedynamic}. */
    private static byte[] unusualClass(boolean withInvokeDynamic) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "pkg/Ünïcødé$Model€", null, "pkg/Basé",
                new String[] {"pkg/Scörer", "java/io/Serializable"});
        writer.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "L", "J", null, 1L << 40).visitEnd();
        writer.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "D", "D", null, 2.5).visitEnd();
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "make", "()Ljava/lang/Runnable;", null, null);
        method.visitCode();
        method.visitLdcInsn(7L);
        method.visitInsn(Opcodes.POP2);
        if (withInvokeDynamic) {
            Handle metafactory = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory",
                    "metafactory", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                    + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);
            method.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", metafactory, Type.getType("()V"),
                    new Handle(Opcodes.H_INVOKESTATIC, "pkg/Ünïcødé$Model€", "lambda$make$0", "()V", false),
                    Type.getType("()V"));
        } else {
            method.visitInsn(Opcodes.ACONST_NULL);
        }
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void namesOutsideAsciiAndTheTwoSlotConstantsAreRead() {
        byte[] file = unusualClass(false);
        ClassHeader header = ClassHeader.of(file);
        assertEquals(new ClassHeader("pkg.Ünïcødé$Model€", "pkg.Basé",
                List.of("pkg.Scörer", "java.io.Serializable"), false), header);
        assertEquals(byAsm(file), header);
        assertFalse(ConstantPool.of(file).hasInvokeDynamic());
        assertTrue(ConstantPool.of(unusualClass(true)).hasInvokeDynamic());
    }

    @Test
    void aMethodDescriptorReturningANamedTypeIsFound() {
        byte[][] runnable = {null, "Ljava/lang/Runnable;".getBytes(), null};
        byte[][] other = {"Ljava/lang/Iterable;".getBytes(), "Lpkg/Scörer;".getBytes()};
        ConstantPool pool = ConstantPool.of(unusualClass(true));
        assertTrue(pool.anyDescriptorReturns(runnable), "()Ljava/lang/Runnable; is in the pool");
        assertFalse(pool.anyDescriptorReturns(other), "Scörer is named as an interface, never returned");
        assertTrue(pool.anyDescriptorReturns(new byte[][] {"Ljava/lang/invoke/CallSite;".getBytes()}),
                "the bootstrap method's descriptor returns a CallSite");
        assertFalse(pool.anyDescriptorReturns(new byte[][] {"J".getBytes(), "Ljava/lang/String;".getBytes()}),
                "a field's type (J) is not a method's return");
    }

    @Test
    void bytesThatAreNotAClassFileAreRefusedWithTheReason() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> ConstantPool.of(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ConstantPool.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        byte[] real;
        try (InputStream in = getClass().getResourceAsStream("ConstantPoolTest.class")) {
            real = in.readAllBytes();
        }
        ClassHeader whole = ClassHeader.of(real);
        ConstantPool pool = ConstantPool.of(real);
        int headerEnd = pool.end() + 8 + 2 * pool.u2(pool.end() + 6);
        for (int length = 0; length < real.length; length++) {
            byte[] cut = Arrays.copyOf(real, length);
            if (length < headerEnd) {
                assertThrows(IllegalArgumentException.class, () -> ClassHeader.of(cut), "cut at " + length);
            } else {
                assertEquals(whole, ClassHeader.of(cut), "the header is whole at " + length);
            }
        }
        byte[] badTag = real.clone();
        badTag[10] = 99; // the first entry's tag
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConstantPool.of(badTag));
        assertTrue(e.getMessage().contains("tag 99"), e.getMessage());
    }
}
