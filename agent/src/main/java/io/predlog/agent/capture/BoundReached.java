package io.predlog.agent.capture;

/**
 * Unwinds a walk when a bound (bytes, nodes, depth) is met. One shared, stackless instance: meeting a
 * bound is an expected outcome on the application's thread and must cost no allocation.
 */
final class BoundReached extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final BoundReached INSTANCE = new BoundReached();

    private BoundReached() {
        super("hashing bound reached", null, false, false);
    }
}
