package io.predlog.agent.event;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Process-constant fields of every event ({@code service}, {@code host}, {@code pid}), resolved once at start-up.
 *
 * @param service the {@code service} name, as configured
 * @param host    the host name; never null or empty ({@code "unknown"} as a last resort)
 * @param pid     the operating system's process id
 */
public record ProcessInfo(String service, String host, long pid) {

    /** How long start-up may wait for the name service before falling back to the environment. */
    static final long HOST_LOOKUP_TIMEOUT_MILLIS = 500;

    /**
     * The current process. The host is {@code InetAddress.getLocalHost().getHostName()}, looked up on a daemon
     * thread and waited for at most {@value #HOST_LOOKUP_TIMEOUT_MILLIS} ms (a misconfigured resolver can
     * stall that call for many seconds); failing that, the environment's {@code HOSTNAME} (or
     * {@code COMPUTERNAME}), else {@code "unknown"}. Never throws.
     */
    public static ProcessInfo current(String service) {
        long pid;
        try {
            pid = ProcessHandle.current().pid();
        } catch (Throwable e) {
            pid = -1;
        }
        return new ProcessInfo(service, hostName(), pid);
    }

    private static String hostName() {
        String name = null;
        try {
            CompletableFuture<String> lookup = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    lookup.complete(InetAddress.getLocalHost().getHostName());
                } catch (Throwable e) {
                    lookup.complete(null);
                }
            }, "predlog-hostname");
            t.setDaemon(true);
            t.start();
            name = lookup.get(HOST_LOOKUP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable ignored) {
            // timed out or failed: fall back to the environment
        }
        if (usable(name)) {
            return name;
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            try {
                String value = System.getenv(variable);
                if (usable(value)) {
                    return value.trim();
                }
            } catch (Throwable ignored) {
                // a security manager may refuse: try the next
            }
        }
        return "unknown";
    }

    private static boolean usable(String name) {
        return name != null && !name.isBlank();
    }
}
