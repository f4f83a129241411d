package io.predlog.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.util.jar.JarFile;

/**
 * The agent jar's {@code Premain-Class}: loaded by the system class loader, it does only what must happen
 * there. It creates the isolated {@link AgentClassLoader} for everything but the bridge, has the bridge
 * ({@code io.predlog.agent.bootstrap}) defined in the bootstrap class loader so that every class loader sees
 * it (appending the jar to the bootstrap search path where the JVM does not allow direct definition), and
 * starts the agent inside the isolated loader. Any failure leaves the application running without the
 * agent.
 */
public final class PredlogLauncher {

    private static final String AGENT_MAIN = "io.predlog.agent.PredlogAgent";
    private static final String BRIDGE_INJECTOR = "io.predlog.agent.instrument.BridgeInjector";
    private static boolean started;

    private PredlogLauncher() {
    }

    /** Called by the JVM for {@code -javaagent}. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        launch(agentArgs, instrumentation);
    }

    /** Called by the JVM when the agent is attached to a running process. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        launch(agentArgs, instrumentation);
    }

    private static synchronized void launch(String agentArgs, Instrumentation instrumentation) {
        if (started) {
            System.err.println("[predlog] WARN agent already started in this JVM; ignoring this second start "
                    + "(-javaagent or attach): the first one's settings stay");
            return;
        }
        started = true;
        try {
            File jar = agentJar();
            ClassLoader agentLoader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            Boolean injected = (Boolean) Class.forName(BRIDGE_INJECTOR, true, agentLoader)
                    .getMethod("inject", Instrumentation.class, File.class).invoke(null, instrumentation, jar);
            if (!injected) {
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class<?> main = Class.forName(AGENT_MAIN, true, agentLoader);
            main.getMethod("start", String.class, Instrumentation.class).invoke(null, agentArgs, instrumentation);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                    ? t.getCause() : t;
            System.err.println("[predlog] ERROR agent failed to start (" + printable(String.valueOf(cause))
                    + "); the application runs without it");
        }
    }

    /** The message with control characters escaped, as {@code Diagnostics} prints (the launcher sees only the JDK). */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length() && i < 4096; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static File agentJar() throws Exception {
        URI location = PredlogLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        File file = new File(location);
        if (!file.isFile()) {
            throw new IllegalStateException("agent is not running from a jar: " + file);
        }
        return file;
    }
}
