package io.predlog.agent.bootstrap;

/**
 * Sees a model library's input object being built from the application's Java data (an XGBoost {@code DMatrix}
 * from a {@code float[]}), where the library offers no way to read that data back later. Implemented in the
 * agent's isolated class loader; served here, by the bootstrap class loader, because the advice that calls it is
 * woven into the library's classes, which any class loader may have loaded.
 */
public interface LibraryInputObserver {

    /**
     * On the building thread, after a woven constructor returned normally: {@code built} is the new object and
     * {@code arguments} the constructor's arguments, which the observer reads and never keeps or changes.
     */
    void built(Object built, Object[] arguments);

    /**
     * After the object's native data was freed ({@code dispose()} returned): what was kept for {@code released} can
     * go. Also called for an object that was never reported built, and more than once for the same object.
     */
    void released(Object released);
}
