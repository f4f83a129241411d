package io.predlog.agent.capture;

import java.nio.charset.StandardCharsets;

/**
 * Walks a {@link Characteristics.Fields}' values (its slots: a type tag, then the number as JSON text): reusable,
 * allocation-free. {@code reset}, then {@code next()} until false; after each, {@link #name()} and the value's text in
 * {@link #bytes()} from {@link #start()} to {@link #end()}.
 */
public final class ValueCursor {

    private static final byte[] NONE = new byte[0];

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
        byte[] b = slots;
        while (pos < b.length) {
            slot++;
            byte tag = b[pos++];
            if (tag == 'x') {
                continue;
            }
            start = pos;
            while (pos < b.length && !isTag(b[pos])) {
                pos++;
            }
            end = pos;
            return true;
        }
        return false;
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
