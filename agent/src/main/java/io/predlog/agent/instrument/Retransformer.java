package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Retransforms, on its own daemon thread ({@code predlog-retransform}), classes that turned out to need
 * instrumentation after they had loaded: a supertype whose code a named type inherits ({@link InheritedCode}).
 * Requests come from inside class-file transformation, where retransforming is not safe, so they are queued.
 * Calls made between the class's need being found and its retransformation (normally a few milliseconds) are
 * not recorded; a supertype not yet loaded when its need is found is instrumented as it loads and loses nothing.
 */
final class Retransformer {

    private record Request(String typeName, ClassLoader loader) {
    }

    private final Instrumentation instrumentation;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private Thread thread;

    Retransformer(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * Retransforms the class of this name that {@code loader} (or one of its parents) has loaded, if any. Never
     * blocks.
     */
    void retransformIfLoaded(String typeName, ClassLoader loader) {
        requests.add(new Request(typeName, loader));
        start();
    }

    private synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "predlog-retransform");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                List<Request> batch = new ArrayList<>();
                batch.add(requests.take());
                requests.drainTo(batch);
                retransform(batch);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    private void retransform(List<Request> batch) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            ClassLoader definer = loaded.getClassLoader();
            if (definer == null) {
                continue;
            }
            for (Request request : batch) {
                if (loaded.getName().equals(request.typeName()) && isSelfOrAncestor(definer, request.loader())) {
                    found.add(loaded);
                    break;
                }
            }
        }
        retransform(instrumentation, found);
    }

    /** Retransforms each class now, on the calling thread; one that fails is reported and the others go on. */
    static void retransform(Instrumentation instrumentation, Collection<Class<?>> types) {
        for (Class<?> type : types) {
            try {
                if (instrumentation.isModifiableClass(type)) {
                    instrumentation.retransformClasses(type);
                }
            } catch (Throwable t) {
                Diagnostics.failure("instrument.retransform:" + type.getName(), t);
            }
        }
    }

    private static boolean isSelfOrAncestor(ClassLoader candidate, ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == candidate) {
                return true;
            }
        }
        return loader == null;
    }
}
