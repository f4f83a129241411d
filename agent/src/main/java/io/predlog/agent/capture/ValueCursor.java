package io.predlog.agent.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Walks a {@link Characteristics.Fields}' values (its slots: a type tag, then the number as JSON text): reusable,
 * allocation-free. {@code reset}, then {@code next()} until false; after each, {@link #name()} and the value's text in
 * {@link #bytes()} from {@link #start()} to {@link #end()}. Or, to copy the text while finding its end (a writer's
 * one pass): {@link #advance()} until false, each followed by {@link #copyValue}.
 */
public final class ValueCursor {

    private static final byte[] NONE = new byte[0];
    /** Eight bytes of an array at once, the first byte lowest. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * The two high bits of each byte of a word: one of them is set in every byte from {@code '@'} up, so in every
     * tag, and in no byte of a number's text but {@code e} and {@code E}.
     */
    private static final long AT_OR_ABOVE_64 = 0xC0C0_C0C0_C0C0_C0C0L;

    private String[] names;
    private byte[] slots;
    private int slot;
    private int pos;
    private int start;
    private int end;

    public void reset(Characteristics.Fields fields) {
        names = fields.names();
        slots = fields.valueSlots() == null ? NONE : fields.valueSlots();
        slot = -1;
        pos = 0;
    }

    public boolean next() {
        if (!advance()) {
            return false;
        }
        byte[] b = slots;
        int p = pos;
        while (p < b.length && !isTag(b[p])) {
            p++;
        }
        pos = p;
        end = p;
        return true;
    }

    /**
     * Moves to the next value, past fields without one, and stops at the start of its text; false when there is none.
     * {@link #index()} and {@link #start()} are then the value's; its text is read by {@link #copyValue}.
     */
    public boolean advance() {
        byte[] b = slots;
        while (pos < b.length) {
            slot++;
            byte tag = b[pos++];
            if (tag != 'x') {
                start = pos;
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the text of the value {@link #advance()} stopped at into {@code dst} from {@code at}, and returns the
     * position after it in {@code dst}; {@code dst} has room for {@link #remaining()} bytes from {@code at}. Bytes of
     * {@code dst} past the returned position, up to eight, may be written too.
     */
    public int copyValue(byte[] dst, int at) {
        byte[] b = slots;
        int p = pos;
        int to = at;
        // eight bytes at a time while both arrays have them: a word with no byte from '@' up is all text; else its
        // first such byte is the next tag (the text ends there; the bytes copied past it are overwritten or past the
        // writer's length) or an exponent's letter, which the byte loop below takes from the word's start
        while (p <= b.length - 8 && to <= dst.length - 8) {
            long word = (long) WORD.get(b, p);
            long high = word & AT_OR_ABOVE_64;
            if (high == 0) {
                WORD.set(dst, to, word);
                p += 8;
                to += 8;
                continue;
            }
            int n = Long.numberOfTrailingZeros(high) >>> 3;
            if ((b[p + n] | 0x20) == 'e') {
                break;
            }
            WORD.set(dst, to, word);
            pos = p + n;
            end = p + n;
            return to + n;
        }
        while (p < b.length) {
            byte c = b[p];
            if (isTag(c)) {
                break;
            }
            dst[to++] = c;
            p++;
        }
        pos = p;
        end = p;
        return to;
    }

    /** The slots' bytes not yet walked: at most what the rest of the values' texts take. */
    public int remaining() {
        return slots.length - pos;
    }

    public String name() {
        return names[slot];
    }

    /** The value's field: its index in the {@code Fields}' names. */
    public int index() {
        return slot;
    }

    public byte[] bytes() {
        return slots;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    /** The value as the {@code Number} it was: for the {@code Map} view. */
    Number number() {
        String text = new String(slots, start, end - start, StandardCharsets.US_ASCII);
        return switch (slots[start - 1]) {
            case 'I' -> Integer.valueOf(text);
            case 'L' -> Long.valueOf(text);
            case 'S' -> Short.valueOf(text);
            case 'B' -> Byte.valueOf(text);
            default -> Double.valueOf(text);
        };
    }

    /**
     * Whether {@code b} starts a slot: the tags are letters, and the only letters of a JSON number are {@code e}
     * and {@code E} (its other characters, digits, {@code -}, {@code +} and {@code .}, are below {@code 'A'}).
     */
    static boolean isTag(byte b) {
        return b >= 'A' && (b | 0x20) != 'e';
    }
}
