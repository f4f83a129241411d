package io.predlog.agent.bootstrap;

/**
 * What advice woven into a model library's input constructors calls ({@code instrument.LibraryInputs}). Served by
 * the bootstrap class loader, so it resolves from every class loader; knows nothing but
 * {@link LibraryInputObserver}, and swallows every {@link Throwable}: the application gets its object exactly as
 * the library built it.
 */
public final class LibraryInputBridge {

    private static volatile LibraryInputObserver observer;

    private LibraryInputBridge() {
    }

    /** Installs the observer; null uninstalls (the woven constructors then do nothing more). */
    public static void install(LibraryInputObserver newObserver) {
        observer = newObserver;
    }

    /** Woven at the normal exit of a library input's constructor. Never throws. */
    public static void built(Object built, Object[] arguments) {
        LibraryInputObserver o = observer;
        if (o == null || built == null) {
            return;
        }
        try {
            o.built(built, arguments);
        } catch (Throwable t) {
            // the object is the library's, unchanged; only its hash loses the data
        }
    }

    /**
     * Woven at the exit of the method that frees a library input's native data ({@code dispose()}). Never throws.
     */
    public static void released(Object released) {
        LibraryInputObserver o = observer;
        if (o == null || released == null) {
            return;
        }
        try {
            o.released(released);
        } catch (Throwable t) {
            // nothing of the application's depends on it
        }
    }
}
