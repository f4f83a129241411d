package io.predlog.agent.adapter;

/**
 * Reads a value of a type the agent does not know (a library's tensor, a service's own request object) as one it
 * does, for the input and output hashes, the {@code input} characteristics and the statistics' features: the
 * public extension point for input types. The agent writes what {@link #contentOf} returns in the value's place,
 * by the rules of docs/HASHING.md: a primitive array (at the top level a typed tensor, {@code f32[1,384]\n…}), a
 * {@code Map}, a {@code List}, a {@code String}, a number, or any nesting of them. The characteristics keep the
 * value's own type name.
 *
 * <p>Found with {@link java.util.ServiceLoader}: a jar named by {@code predlog.extensions} lists its factories in
 * {@code META-INF/services/io.predlog.agent.adapter.TypeAdapter$Factory}. That jar is read by a class loader whose
 * parent is the agent's own: it links against this interface and the JDK, and cannot see the application's classes.
 * An adapter therefore recognises a class by its name (and its supertypes' names) and reads it reflectively;
 * docs/ARCHITECTURE.md ("How to add an input type") shows a complete one.
 *
 * <p>Threading and cost. {@link Factory#forType} is called once per runtime class, on the application thread that
 * first hashes a value of it, and its answer is kept for the life of the class: resolve what the adapter calls
 * there (a {@link java.lang.invoke.MethodHandle}), never per call. {@link #contentOf} is called on application
 * threads, concurrently, on the hot path of every prediction: an adapter is immutable and keeps per-class facts
 * only.
 *
 * <p>Failure contract. An exception thrown by {@link #contentOf} (or a content that is the value itself) is caught,
 * counted as the agent failure {@code capture.adapter:<factory class>} (reported at most once a minute) and the value
 * is recorded as unreadable: the event has no hash and says {@code input_hash_partial: true}. An exception from
 * {@link Factory#forType} is counted the same way and the adapter does not apply. The application's call is never
 * affected.
 *
 * <p>What an adapter may call. Only what reads the value without changing it: the library's own public accessors
 * that copy the content out. Never a method that mutates, caches, closes or allocates native memory; copy a tensor
 * at most once. The returned content is walked after {@code contentOf} returns and must not be changed by anyone
 * while it is; it is not kept afterwards.
 */
public interface TypeAdapter {

    /** The value's content, to be written in its place; {@code value} is a non-null instance of the adapter's class. */
    Object contentOf(Object value) throws Exception;

    /**
     * Chooses the adapter for a runtime class, or declines with null. Implementations are public classes with a
     * public no-argument constructor, listed in {@code META-INF/services/io.predlog.agent.adapter.TypeAdapter$Factory}.
     * Factories of the extension jars are asked before the agent's own adapters, in the order the jars are named.
     */
    interface Factory {

        /** The adapter for values of {@code type}, or null when this factory does not read that type. */
        TypeAdapter forType(Class<?> type);
    }
}
