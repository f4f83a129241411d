package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Weaves the JDK's own classes, all in one retransformation pass: the thread hand-off points
 * ({@link ThreadHandOffs}), {@code FutureTask}'s completion ({@link AsyncCompletionPoints}) and the HTTP
 * clients' outbound requests ({@link HttpHandOffs}). Separate from
 * {@link AgentInstaller}, whose builder never touches classes of the bootstrap loader. A JDK class that cannot
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
        Set<String> woven = woven(handOffs, completions, httpClients);
        AgentBuilder builder = AgentInstaller.newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener())
                // the JDK's classes named here alone: every other class passes by without being described
                .with(new TargetPrefilter((name, classFile, loader) -> mayWeave(woven, name, loader)))
                .ignore(none());
        if (handOffs) {
            builder = ThreadHandOffs.weave(builder);
        }
        if (completions) {
            builder = AsyncCompletionPoints.weave(builder);
        }
        if (httpClients) {
            builder = HttpHandOffs.weave(builder);
        }
        builder.installOn(instrumentation);
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

    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            Diagnostics.failure("jdk:" + typeName, throwable);
        }
    }
}
