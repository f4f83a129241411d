package io.predlog.agent.stats;

/**
 * A string value's hash as statistics show it instead of the value: the first 64 bits of the hash the string
 * would have as a whole input ({@code input_hash}: SHA-256 of its canonical JSON, or HMAC-SHA256 under
 * {@code predlog.hash.key}), so anyone holding a candidate value can recompute it and nobody can read it back.
 */
@FunctionalInterface
interface ValueHasher {

    /** The 64-bit prefix of {@code value}'s hash. */
    long hash(String value);
}
