package io.predlog.agent.instrument;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import net.bytebuddy.dynamic.DynamicType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkInstrumentationTest {

    @Test
    void theWovenNamesAreThoseOfThePartsThatAreOn() {
        assertEquals(Set.of(), JdkInstrumentation.woven(false, false, false));
        assertTrue(JdkInstrumentation.woven(true, false, false).containsAll(Set.of("java.lang.Thread",
                "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinTask")));
        assertEquals(Set.of("java.util.concurrent.FutureTask"), JdkInstrumentation.woven(false, true, false));
        assertTrue(JdkInstrumentation.woven(false, false, true).contains("jdk.internal.net.http.HttpClientImpl"));
        assertEquals(ThreadHandOffs.TYPES.size() + AsyncCompletionPoints.TYPES.size() + HttpHandOffs.TYPES.size(),
                JdkInstrumentation.woven(true, true, true).size());
    }

    /** What the parts weave is what they name: a name without its weaving would be let through to nothing. */
    @Test
    void eachPartWeavesExactlyTheClassesItNames() {
        Map<String, UnaryOperator<DynamicType.Builder<?>>> weaves = new HashMap<>();
        ThreadHandOffs.weave(weaves);
        assertEquals(ThreadHandOffs.TYPES, weaves.keySet());
        AsyncCompletionPoints.weave(weaves);
        HttpHandOffs.weave(weaves);
        assertEquals(JdkInstrumentation.woven(true, true, true), weaves.keySet());
    }

    /** Each woven name is a class of this JDK (a renamed JDK class would otherwise go unwoven without a word). */
    @Test
    void everyWovenNameIsAClassOfTheJdk() {
        int found = 0;
        for (String name : JdkInstrumentation.woven(true, true, true)) {
            try {
                Class.forName(name, false, ClassLoader.getPlatformClassLoader());
                found++;
            } catch (ClassNotFoundException e) {
                // java.lang.VirtualThread is JDK 21 and later
                assertEquals("java.lang.VirtualThread", name, "not a class of this JDK: " + name);
            }
        }
        assertTrue(found >= JdkInstrumentation.woven(true, true, true).size() - 1);
    }

    @Test
    void onlyTheWovenClassesOfTheJdksLoadersAreLetThrough() {
        Set<String> woven = JdkInstrumentation.woven(true, true, true);
        assertTrue(JdkInstrumentation.mayWeave(woven, "java.lang.Thread", null));
        assertTrue(JdkInstrumentation.mayWeave(woven, "jdk.internal.net.http.HttpClientImpl",
                ClassLoader.getPlatformClassLoader()));
        assertFalse(JdkInstrumentation.mayWeave(woven, "java.util.HashMap", null), "a JDK class not woven");
        assertFalse(JdkInstrumentation.mayWeave(woven, "java.lang.Thread", getClass().getClassLoader()),
                "an application's class of the same name");
    }
}
