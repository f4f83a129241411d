package io.predlog.agent.sink;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Level;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The application's own SLF4J, reached through the class loader that loaded its {@code org.slf4j.LoggerFactory}
 * (reported by a {@code ClassLoadWatch}, as for {@code LogCorrelation}) and called through method handles: the
 * agent bundles no SLF4J. Nothing is looked up before the application has loaded {@code LoggerFactory}, so
 * predlog does not start a logging framework in an application that never does.
 *
 * <p>With SLF4J 2 (a {@code Logger} with {@code atInfo()}), each event is {@code atInfo|atWarn|atError()}, one
 * {@code addKeyValue} per field of the encoded event ({@link EventFields}), then {@code log(eventName)}. With SLF4J
 * 1.x, {@code info|warn|error(jsonLine)}: the message is the event's JSON line.
 */
final class ApplicationSlf4j implements Slf4jSink.LoggerSource {

    /** The class whose loading means the application uses SLF4J. */
    static final String LOGGER_FACTORY = "org.slf4j.LoggerFactory";
    static final Set<String> WATCHED = Set.of(LOGGER_FACTORY);

    private final String loggerName;
    private final ConcurrentLinkedQueue<ClassLoader> loaders = new ConcurrentLinkedQueue<>();

    ApplicationSlf4j(String loggerName) {
        this.loggerName = loggerName;
        loaders.add(ClassLoader.getSystemClassLoader()); // loads the queue's node class now, not during a class load
        loaders.clear();
    }

    /** {@code LoggerFactory} was loaded by {@code loader}. Called during class loading: loads nothing itself. */
    void frameworkLoaded(String className, ClassLoader loader) {
        if (LOGGER_FACTORY.equals(className)) {
            loaders.add(loader == null ? ClassLoader.getSystemClassLoader() : loader);
        }
    }

    /** The logger of the first loader whose SLF4J is usable; null while none is (not loaded, or initialising). */
    @Override
    public Slf4jSink.AppLogger find() {
        for (ClassLoader loader : loaders) {
            Slf4jSink.AppLogger logger = resolve(loader);
            if (logger != null) {
                return logger;
            }
        }
        return null;
    }

    private Slf4jSink.AppLogger resolve(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> factory = Class.forName(LOGGER_FACTORY, true, loader);
            Class<?> loggerType = Class.forName("org.slf4j.Logger", false, loader);
            Object logger = lookup.findStatic(factory, "getLogger", MethodType.methodType(loggerType, String.class))
                    .invoke(loggerName);
            String implementation = logger.getClass().getName();
            if (implementation.equals("org.slf4j.helpers.SubstituteLogger")) {
                return null; // SLF4J is initialising on another thread: ask again with the next batch
            }
            if (implementation.equals("org.slf4j.helpers.NOPLogger")) {
                Diagnostics.warn("slf4j sink: the application's SLF4J has no logging provider (NOP); "
                        + "events given to it are discarded by SLF4J");
            }
            Slf4jSink.AppLogger fluent = Fluent.of(lookup, loader, loggerType, logger);
            return fluent != null ? fluent : Classic.of(lookup, loggerType, logger, loader);
        } catch (Throwable t) {
            Diagnostics.failure("sink:slf4j", t);
            loaders.remove(loader); // unusable: never asked again
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs {@code call} with the application's loader as context loader (Logback and appenders may use it). */
    private static void withLoader(ClassLoader loader, ThrowingRunnable call) throws Throwable {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    /** SLF4J 2's fluent API: key-value pairs, the event name as message. */
    private record Fluent(ClassLoader loader, Object logger, MethodHandle atInfo, MethodHandle atWarn,
                          MethodHandle atError, MethodHandle addKeyValue, MethodHandle log)
            implements Slf4jSink.AppLogger {

        static Fluent of(MethodHandles.Lookup lookup, ClassLoader loader, Class<?> loggerType, Object logger)
                throws IllegalAccessException {
            Class<?> builder;
            try {
                builder = Class.forName("org.slf4j.spi.LoggingEventBuilder", false, loader);
            } catch (ClassNotFoundException slf4j1) {
                return null;
            }
            try {
                MethodType at = MethodType.methodType(builder);
                MethodType erasedAt = MethodType.methodType(Object.class, Object.class);
                return new Fluent(loader, logger,
                        lookup.findVirtual(loggerType, "atInfo", at).asType(erasedAt),
                        lookup.findVirtual(loggerType, "atWarn", at).asType(erasedAt),
                        lookup.findVirtual(loggerType, "atError", at).asType(erasedAt),
                        lookup.findVirtual(builder, "addKeyValue",
                                        MethodType.methodType(builder, String.class, Object.class))
                                .asType(MethodType.methodType(Object.class, Object.class, String.class, Object.class)),
                        lookup.findVirtual(builder, "log", MethodType.methodType(void.class, String.class))
                                .asType(MethodType.methodType(void.class, Object.class, String.class)));
            } catch (NoSuchMethodException slf4j1) {
                return null;
            }
        }

        @Override
        public void log(Level level, String name, String jsonLine) throws Throwable {
            List<EventFields.Field> fields = EventFields.of(jsonLine);
            withLoader(loader, () -> {
                MethodHandle at = level == Level.ERROR ? atError : level == Level.WARN ? atWarn : atInfo;
                Object builder = (Object) at.invokeExact(logger);
                for (EventFields.Field field : fields) {
                    builder = (Object) addKeyValue.invokeExact(builder, field.key(), field.value());
                }
                log.invokeExact(builder, name);
            });
        }

        @Override
        public String describe() {
            return "SLF4J 2 key-value pairs";
        }
    }

    /** SLF4J 1.x: the event's JSON line as the message. */
    private record Classic(ClassLoader loader, Object logger, MethodHandle info, MethodHandle warn,
                           MethodHandle error) implements Slf4jSink.AppLogger {

        static Classic of(MethodHandles.Lookup lookup, Class<?> loggerType, Object logger, ClassLoader loader)
                throws ReflectiveOperationException {
            MethodType type = MethodType.methodType(void.class, String.class);
            MethodType erased = MethodType.methodType(void.class, Object.class, String.class);
            return new Classic(loader, logger, lookup.findVirtual(loggerType, "info", type).asType(erased),
                    lookup.findVirtual(loggerType, "warn", type).asType(erased),
                    lookup.findVirtual(loggerType, "error", type).asType(erased));
        }

        @Override
        public void log(Level level, String name, String jsonLine) throws Throwable {
            withLoader(loader, () -> {
                MethodHandle call = level == Level.ERROR ? error : level == Level.WARN ? warn : info;
                call.invokeExact(logger, jsonLine);
            });
        }

        @Override
        public String describe() {
            return "SLF4J 1.x, the JSON line as message";
        }
    }
}
