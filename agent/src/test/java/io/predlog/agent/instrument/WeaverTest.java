package io.predlog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.predlog.agent.diagnostics.Diagnostics;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import org.junit.jupiter.api.Test;

/**
 * The weaver on a real class file: what its weaving wants is woven and runs, with the class's members unchanged;
 * what it does not want, or turns away by name, comes back as null (no change); a failing weaving is reported and
 * changes nothing; a class loaded while a thread weaves is left alone.
 */
class WeaverTest {

    /** The class woven: its own loader defines the woven copy. */
    public static class Subject {
        private int calls;

        public int value() {
            calls++;
            return 1;
        }

        public int other() {
            return 2;
        }
    }

    /** Adds 41 to what the method returns. */
    static final class AddFortyOne {
        private AddFortyOne() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) int returned) {
            returned += 41;
        }
    }

    private static final String NAME = Subject.class.getName();
    private static final ClassLoader LOADER = WeaverTest.class.getClassLoader();

    private static byte[] classFile() throws Exception {
        return ClassFileLocator.ForClassLoader.read(Subject.class);
    }

    /** A weaving that adds 41 to {@code value()} when {@code wants} says so, counting what it was asked. */
    private static class Counting implements Weaver.Weaving {
        final AtomicInteger described = new AtomicInteger();
        final BiPredicate<String, ClassLoader> byName;
        final boolean wanted;

        Counting(BiPredicate<String, ClassLoader> byName, boolean wanted) {
            this.byName = byName;
            this.wanted = wanted;
        }

        @Override
        public boolean mayWant(String typeName, ClassLoader loader) {
            return byName.test(typeName, loader);
        }

        @Override
        public boolean wants(TypeDescription type, ClassLoader loader) {
            described.incrementAndGet();
            return wanted && type.getName().equals(NAME);
        }

        @Override
        public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
            return builder.visit(Advice.to(AddFortyOne.class).on(named("value")));
        }
    }

    /** {@code classFile} defined as {@link Subject} by a class loader of its own. */
    private static Class<?> define(byte[] classFile) throws ClassNotFoundException {
        return new ClassLoader(LOADER) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(NAME)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, classFile, 0, classFile.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(NAME);
    }

    /** Calls {@code method} on a new instance of {@code classFile}'s class. */
    private static Object call(byte[] classFile, String method) throws Exception {
        Class<?> type = define(classFile);
        return type.getMethod(method).invoke(type.getConstructor().newInstance());
    }

    private static List<String> members(byte[] classFile) throws Exception {
        Class<?> type = define(classFile);
        List<String> members = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            members.add(m.toGenericString().replace(NAME, "S"));
        }
        Arrays.stream(type.getDeclaredFields()).forEach(f -> members.add(f.toGenericString().replace(NAME, "S")));
        members.sort(null);
        return members;
    }

    @Test
    void aWantedClassIsWovenAndItsAdviceRunsWithItsMembersUnchanged() throws Exception {
        Counting weaving = new Counting((name, loader) -> true, true);
        byte[] original = classFile();
        byte[] woven = new Weaver("test", weaving).transform(LOADER, NAME.replace('.', '/'), null, null, original);
        assertNotNull(woven);
        assertEquals(42, call(woven, "value"));
        assertEquals(2, call(woven, "other"));
        assertEquals(1, call(original, "value"));
        assertEquals(members(original), members(woven));
    }

    @Test
    void theModuleAwareEntryWeavesAsWell() throws Exception {
        byte[] woven = new Weaver("test", new Counting((name, loader) -> true, true))
                .transform(Subject.class.getModule(), LOADER, NAME.replace('.', '/'), null, null, classFile());
        assertEquals(42, call(woven, "value"));
    }

    @Test
    void aClassItDoesNotWantComesBackUnchanged() throws Exception {
        Counting weaving = new Counting((name, loader) -> true, false);
        assertNull(new Weaver("test", weaving).transform(LOADER, NAME.replace('.', '/'), null, null, classFile()));
        assertEquals(1, weaving.described.get());
    }

    @Test
    void aClassTurnedAwayByItsNameIsNeverDescribed() throws Exception {
        List<String> asked = new ArrayList<>();
        Counting weaving = new Counting((name, loader) -> {
            asked.add(name);
            return false;
        }, true);
        assertNull(new Weaver("test", weaving).transform(LOADER, NAME.replace('.', '/'), null, null, classFile()));
        assertEquals(List.of(NAME), asked);
        assertEquals(0, weaving.described.get());
    }

    @Test
    void aWeavingByNameWeavesTheClassesItNamesAndNoOther() throws Exception {
        Weaver weaver = new Weaver("test", Weaver.Weaving.byName((name, loader) -> name.equals(NAME) && loader == LOADER,
                (builder, type) -> builder.visit(Advice.to(AddFortyOne.class).on(named("value")))));
        assertEquals(42, call(weaver.transform(LOADER, NAME.replace('.', '/'), null, null, classFile()), "value"));
        assertNull(weaver.transform(new ClassLoader(LOADER) { }, NAME.replace('.', '/'), null, null, classFile()));
        assertNull(weaver.transform(LOADER, "a/Other", null, null, new byte[] {1, 2, 3})); // never read
    }

    @Test
    void aWeavingThatFailsIsReportedAndTheClassLoadsUnchanged() throws Exception {
        Weaver.Weaving broken = Weaver.Weaving.byName((name, loader) -> true, (builder, type) -> {
            throw new IllegalStateException("broken weaving");
        });
        String kind = "weaver-test:" + NAME;
        long before = Diagnostics.failureCount(kind);
        assertNull(new Weaver("weaver-test", broken).transform(LOADER, NAME.replace('.', '/'), null, null, classFile()));
        assertEquals(before + 1, Diagnostics.failureCount(kind));
        // a class file that is not one: reported the same way
        assertNull(new Weaver("weaver-test", broken).transform(LOADER, NAME.replace('.', '/'), null, null,
                new byte[] {1, 2, 3}));
        assertEquals(before + 2, Diagnostics.failureCount(kind));
    }

    @Test
    void aClassLoadedWhileTheThreadWeavesIsLeftAlone() throws Exception {
        byte[] classFile = classFile();
        byte[][] inner = new byte[1][];
        Weaver[] weaver = new Weaver[1];
        Counting weaving = new Counting((name, loader) -> true, true) {
            @Override
            public boolean wants(TypeDescription type, ClassLoader loader) {
                // as if describing the class had the loader load another class, which passes through the weaver
                inner[0] = weaver[0].transform(LOADER, NAME.replace('.', '/'), null, null, classFile);
                return super.wants(type, loader);
            }
        };
        weaver[0] = new Weaver("test", weaving);
        byte[] woven = weaver[0].transform(LOADER, NAME.replace('.', '/'), null, null, classFile);
        assertNull(inner[0]);
        assertEquals(42, call(woven, "value"));
        // and the thread weaves again afterwards
        byte[] again = weaver[0].transform(LOADER, NAME.replace('.', '/'), null, null, classFile);
        assertArrayEquals(woven, again);
        assertFalse(Arrays.equals(classFile, again));
    }

    @Test
    void noClassNameOrNoClassFileIsNoChange() throws Exception {
        Counting weaving = new Counting((name, loader) -> true, true);
        Weaver weaver = new Weaver("test", weaving);
        assertNull(weaver.transform(LOADER, null, null, null, classFile()));
        assertNull(weaver.transform(LOADER, NAME.replace('.', '/'), null, null, null));
        assertEquals(0, weaving.described.get());
    }
}
