package io.predlog.agent.capture;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 seen as a {@link MessageDigest}, so keyed and plain hashing share one code path. */
final class MacDigest extends MessageDigest {

    private final Mac mac;

    MacDigest(byte[] key) {
        super("HmacSHA256");
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    protected void engineUpdate(byte input) {
        mac.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        mac.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
        return mac.doFinal();
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) {
        try {
            mac.doFinal(buf, offset);
            return 32;
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineReset() {
        mac.reset();
    }
}
