package io.predlog.agent.logs;

import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.WeakIdentityMap;
import io.predlog.agent.diagnostics.Diagnostics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the current request id into the application's own logging context while the request runs, so that the
 * application's log lines can be joined with predlog's events: SLF4J's {@code MDC} (Logback, Log4j 2
 * through SLF4J, …) and Log4j 2's {@code ThreadContext}, under one key ({@code predlog.context.mdc_key},
 * default {@code request_id}). What was under that key before is put back when the request ends.
 *
 * <p>The application's logging classes are reached through its own class loader (the thread's context class
 * loader), never linked: the agent bundles no logging library. A framework is used only once the
 * application has started it ({@code LoggerFactory} or {@code LogManager} loaded, reported by
 * {@link #frameworkLoaded}), so predlog never triggers a logging framework's initialisation, or its
 * warnings, in an application that has not.
 */
public final class LogCorrelation implements RequestContext.Observer {

    private static final String SLF4J_STARTED = "org.slf4j.LoggerFactory";
    private static final String LOG4J_STARTED = "org.apache.logging.log4j.LogManager";
    /** The class names whose loading {@link #frameworkLoaded} wants to hear of. */
    public static final Set<String> WATCHED = Set.of(SLF4J_STARTED, LOG4J_STARTED);

    private final String key;
    private final Set<ClassLoader> slf4jStarted = ConcurrentHashMap.newKeySet();
    private final Set<ClassLoader> log4jStarted = ConcurrentHashMap.newKeySet();
    private final WeakIdentityMap<Contexts> byLoader = new WeakIdentityMap<>();
    private volatile boolean anyStarted;

    public LogCorrelation(String key) {
        this.key = key;
    }

    /** A class named in {@link #WATCHED} was loaded by this loader: the application uses that framework. */
    public void frameworkLoaded(String className, ClassLoader loader) {
        ClassLoader effective = loader == null ? ClassLoader.getSystemClassLoader() : loader;
        if (SLF4J_STARTED.equals(className)) {
            slf4jStarted.add(effective);
        } else if (LOG4J_STARTED.equals(className)) {
            log4jStarted.add(effective);
        }
        anyStarted = true;
        byLoader.remove(effective); // resolve again, now with this framework
    }

    @Override
    public void changed(RequestContext context) {
        if (!anyStarted) {
            return;
        }
        String current = context.requestId();
        Saved saved = (Saved) context.observerState();
        if (saved == null) {
            if (current == null) {
                return;
            }
            Contexts contexts = contextsOf(Thread.currentThread().getContextClassLoader());
            if (contexts.isEmpty()) {
                return;
            }
            saved = new Saved(contexts, contexts.get(key));
            context.observerState(saved);
        }
        if (current != null) {
            saved.contexts.put(key, current);
        } else {
            saved.contexts.restore(key, saved.values);
            context.observerState(null);
        }
    }

    private Contexts contextsOf(ClassLoader threadLoader) {
        ClassLoader loader = threadLoader == null ? ClassLoader.getSystemClassLoader() : threadLoader;
        Contexts contexts = byLoader.get(loader);
        if (contexts == null) {
            contexts = new Contexts(
                    started(slf4jStarted, loader) ? LoggingContext.find("org.slf4j.MDC", loader) : null,
                    started(log4jStarted, loader)
                            ? LoggingContext.find("org.apache.logging.log4j.ThreadContext", loader) : null);
            byLoader.put(loader, contexts);
        }
        return contexts;
    }

    /** Whether the framework was started by this loader or one of its parents (which it then sees). */
    private static boolean started(Set<ClassLoader> started, ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (started.contains(l)) {
                return true;
            }
        }
        return false;
    }

    /** The logging contexts a class loader sees, and the values they held before the request. */
    private record Saved(Contexts contexts, String[] values) {
    }

    /** SLF4J's MDC and Log4j 2's ThreadContext as one loader sees them; either may be absent. */
    private record Contexts(LoggingContext mdc, LoggingContext threadContext) {
        boolean isEmpty() {
            return mdc == null && threadContext == null;
        }

        String[] get(String key) {
            return new String[] {mdc == null ? null : mdc.get(key),
                threadContext == null ? null : threadContext.get(key)};
        }

        void put(String key, String value) {
            if (mdc != null) {
                mdc.put(key, value);
            }
            if (threadContext != null) {
                threadContext.put(key, value);
            }
        }

        void restore(String key, String[] values) {
            if (mdc != null) {
                mdc.restore(key, values[0]);
            }
            if (threadContext != null) {
                threadContext.restore(key, values[1]);
            }
        }
    }

    /** One framework's static {@code put/get/remove(String…)} context, called through method handles. */
    private static final class LoggingContext {
        private final String type;
        private final MethodHandle put;
        private final MethodHandle get;
        private final MethodHandle remove;

        private LoggingContext(String type, MethodHandle put, MethodHandle get, MethodHandle remove) {
            this.type = type;
            this.put = put;
            this.get = get;
            this.remove = remove;
        }

        static LoggingContext find(String className, ClassLoader loader) {
            try {
                Class<?> type = Class.forName(className, true, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new LoggingContext(className,
                        lookup.findStatic(type, "put", MethodType.methodType(void.class, String.class, String.class)),
                        lookup.findStatic(type, "get", MethodType.methodType(String.class, String.class)),
                        lookup.findStatic(type, "remove", MethodType.methodType(void.class, String.class)));
            } catch (Throwable absent) {
                return null;
            }
        }

        String get(String key) {
            try {
                return (String) get.invoke(key);
            } catch (Throwable t) {
                Diagnostics.failure("logs:" + type, t);
                return null;
            }
        }

        void put(String key, String value) {
            try {
                put.invoke(key, value);
            } catch (Throwable t) {
                Diagnostics.failure("logs:" + type, t);
            }
        }

        void restore(String key, String previous) {
            try {
                if (previous == null) {
                    remove.invoke(key);
                } else {
                    put.invoke(key, previous);
                }
            } catch (Throwable t) {
                Diagnostics.failure("logs:" + type, t);
            }
        }
    }
}
