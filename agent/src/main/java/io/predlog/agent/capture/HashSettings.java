package io.predlog.agent.capture;

/**
 * Bounds and key for canonical hashing (docs/HASHING.md), taken from {@code predlog.hash.*}.
 *
 * @param hmacKey  the HMAC-SHA256 key, or {@code null} for plain SHA-256
 * @param maxNodes values visited per hashed value before hashing stops ({@code predlog.hash.max_nodes})
 * @param maxBytes canonical bytes per hashed value before hashing stops ({@code predlog.hash.max_bytes})
 * @param maxDepth containers nested inside one another before hashing stops
 */
public record HashSettings(byte[] hmacKey, int maxNodes, long maxBytes, int maxDepth) {

    public static final int DEFAULT_MAX_NODES = 100_000;
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;

    public HashSettings {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be positive: " + maxNodes);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
        }
        hmacKey = hmacKey == null ? null : hmacKey.clone();
    }

    /** No key, 100000 nodes, 16 MiB, depth 64. */
    public static HashSettings defaults() {
        return new HashSettings(null, DEFAULT_MAX_NODES, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
    }

    /** A copy of the key, or {@code null}. */
    @Override
    public byte[] hmacKey() {
        return hmacKey == null ? null : hmacKey.clone();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "HashSettings[hmacKey=" + (hmacKey == null ? "none" : "<set>") + ", maxNodes=" + maxNodes
                + ", maxBytes=" + maxBytes + ", maxDepth=" + maxDepth + "]";
    }
}
