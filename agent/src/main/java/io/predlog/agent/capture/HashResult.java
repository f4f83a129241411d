package io.predlog.agent.capture;

/**
 * The canonical hash of one value (SPEC §4).
 *
 * @param hash      first 16 lowercase hex characters of SHA-256 (or HMAC-SHA256) over the canonical bytes
 * @param size      number of canonical bytes hashed (summed over arguments when there are several)
 * @param truncated a bound (depth, nodes, bytes) was met and hashing stopped there
 * @param partial   some fields were hidden by the module system and left out
 */
public record HashResult(String hash, long size, boolean truncated, boolean partial) {
}
