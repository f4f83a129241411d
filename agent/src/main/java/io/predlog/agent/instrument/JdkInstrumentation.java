package io.predlog.agent.instrument;

import net.bytebuddy.dynamic.DynamicType;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Weaves the JDK's own classes, those already loaded by retransformation: the thread hand-off points
 * ({@link ThreadHandOffs}), {@code FutureTask}'s completion ({@link AsyncCompletionPoints}) and the HTTP
 * clients' outbound requests ({@link HttpHandOffs}). Separate from
 * {@link AgentInstaller}, whose weaver never touches classes of the bootstrap loader. A JDK class that cannot
 * be woven keeps working unchanged; the capability it serves is then missing, reported once. The agent weaves
 * them on its weaving thread while the application starts ({@link WeavingThread}); the first recorded call waits
 * until they are woven ({@link io.predlog.agent.record.JdkWeaving}).
 */
public final class JdkInstrumentation {

    private JdkInstrumentation() {
    }

    /**
     * @param handOffs    carry request ids across threads
     * @param completions record asynchronous targets when their {@code FutureTask} completes
     * @param httpClients add the request's id to the JDK's HTTP clients' outbound requests
     */
    public static void install(Instrumentation instrumentation, boolean handOffs, boolean completions,
                               boolean httpClients) {
        if (!handOffs && !completions && !httpClients) {
            return;
        }
        Map<String, UnaryOperator<DynamicType.Builder<?>>> weaves = new HashMap<>();
        if (handOffs) {
            ThreadHandOffs.weave(weaves);
        }
        if (completions) {
            AsyncCompletionPoints.weave(weaves);
        }
        if (httpClients) {
            HttpHandOffs.weave(weaves);
        }
        Set<String> woven = woven(handOffs, completions, httpClients);
        // the JDK's classes named here alone: every other class passes by without being described
        instrumentation.addTransformer(new Weaver("jdk", Weaver.Weaving.byName(
                (name, loader) -> mayWeave(woven, name, loader),
                (builder, type) -> weaves.get(type.getName()).apply(builder))), true);
        // those already loaded (Thread, the executors) are woven now; the others as they load
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (mayWeave(woven, type.getName(), type.getClassLoader())) {
                loaded.add(type);
            }
        }
        Retransformer.retransform(instrumentation, loaded);
    }

    /** The names of the JDK classes woven with these parts on. */
    static Set<String> woven(boolean handOffs, boolean completions, boolean httpClients) {
        Set<String> names = new HashSet<>();
        if (handOffs) {
            names.addAll(ThreadHandOffs.TYPES);
        }
        if (completions) {
            names.addAll(AsyncCompletionPoints.TYPES);
        }
        if (httpClients) {
            names.addAll(HttpHandOffs.TYPES);
        }
        return Set.copyOf(names);
    }

    /** Whether a loading class is one of the JDK's that is woven: named, and from the bootstrap or platform loader. */
    static boolean mayWeave(Set<String> woven, String name, ClassLoader loader) {
        return (loader == null || loader == ClassLoader.getPlatformClassLoader()) && woven.contains(name);
    }

}
