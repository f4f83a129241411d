package io.predlog.agent.instrument;

/**
 * Where each entry of a class file's constant pool starts, found in one pass over the pool (the class file format:
 * the JVM specification, chapter 4), for the questions asked of every class that loads: its own, its superclass's
 * and its interfaces' names ({@link ClassHeader}), and whether it may create a lambda of a named interface
 * ({@link LambdaBodies}). Only the entries asked for are decoded; the fields, methods and attributes after the pool
 * are never read. A general class-file reader also walks the methods to find the bootstrap methods and keeps a
 * cache of decoded strings, which these questions do not need.
 */
final class ConstantPool {

    private static final int MAGIC = 0xCAFEBABE;
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int INVOKE_DYNAMIC = 18;

    private final byte[] bytes;
    /** Entry index → offset of its tag; 0 for index 0 and for the unusable slot after a long or a double. */
    private final int[] offsets;
    private final int end;
    private final boolean hasInvokeDynamic;

    private ConstantPool(byte[] bytes, int[] offsets, int end, boolean hasInvokeDynamic) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.end = end;
        this.hasInvokeDynamic = hasInvokeDynamic;
    }

    /** Reads the pool; throws {@link IllegalArgumentException} when the bytes are not a class file. */
    static ConstantPool of(byte[] classFile) {
        if (classFile.length < 10 || u4(classFile, 0) != MAGIC) {
            throw new IllegalArgumentException("not a class file (" + classFile.length + " bytes)");
        }
        try {
            int count = u2(classFile, 8);
            int[] offsets = new int[count];
            boolean invokeDynamic = false;
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                int tag = classFile[p];
                switch (tag) {
                    case UTF8 -> p += 3 + u2(classFile, p + 1);
                    case 3, 4, 9, 10, 11, 12, 17 -> p += 5; // int, float, field and method refs, name and type, dynamic
                    case INVOKE_DYNAMIC -> {
                        invokeDynamic = true;
                        p += 5;
                    }
                    case 5, 6 -> { // long, double: two entries
                        p += 9;
                        i++;
                    }
                    case CLASS, 8, 16, 19, 20 -> p += 3; // class, string, method type, module, package
                    case 15 -> p += 4; // method handle
                    default -> throw new IllegalArgumentException("constant pool entry " + i + " has unknown tag "
                            + tag);
                }
            }
            if (p + 8 > classFile.length) {
                throw new IllegalArgumentException("class file truncated after its constant pool");
            }
            return new ConstantPool(classFile, offsets, p, invokeDynamic);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("class file truncated in its constant pool", e);
        }
    }

    /** Offset of the first byte after the pool: the class's access flags. */
    int end() {
        return end;
    }

    /** The unsigned two-byte value at this offset. */
    int u2(int offset) {
        if (offset + 2 > bytes.length) {
            throw new IllegalArgumentException("class file truncated at offset " + offset);
        }
        return u2(bytes, offset);
    }

    /** Whether the pool has an {@code invokedynamic} call site (every lambda is created by one). */
    boolean hasInvokeDynamic() {
        return hasInvokeDynamic;
    }

    /** The binary name ({@code a.b.C$D}) of the class that entry {@code index}, a class entry, names. */
    String className(int index) {
        int entry = entry(index, CLASS);
        int utf8 = entry(u2(bytes, entry + 1), UTF8);
        int length = u2(bytes, utf8 + 1);
        int start = utf8 + 3;
        if (start + length > bytes.length) {
            throw new IllegalArgumentException("class file truncated in constant pool entry " + index);
        }
        char[] name = new char[length];
        int n = 0;
        for (int i = start; i < start + length; i++) {
            int b = bytes[i] & 0xFF;
            char c;
            if (b < 0x80) {
                c = (char) b;
            } else if ((b & 0xE0) == 0xC0 && i + 1 < start + length) { // modified UTF-8: two bytes
                c = (char) (((b & 0x1F) << 6) | (bytes[++i] & 0x3F));
            } else if ((b & 0xF0) == 0xE0 && i + 2 < start + length) { // three bytes
                c = (char) (((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
                i += 2;
            } else {
                throw new IllegalArgumentException("malformed name in constant pool entry " + index);
            }
            name[n++] = c == '/' ? '.' : c;
        }
        return new String(name, 0, n);
    }

    /**
     * Whether a method descriptor in the pool returns one of these types ({@code Lcom/acme/Model;}; null ones are
     * skipped): an {@code invokedynamic} that creates a lambda has the lambda's interface as its return type.
     */
    boolean anyDescriptorReturns(byte[][] types) {
        for (int i = 1; i < offsets.length; i++) {
            int entry = offsets[i];
            if (entry == 0 || bytes[entry] != UTF8 || bytes[entry + 3] != '(') {
                continue;
            }
            int length = u2(bytes, entry + 1);
            int last = entry + 3 + length; // one past the text's last byte
            for (byte[] type : types) {
                if (type != null && type.length < length && endsWith(last, type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean endsWith(int last, byte[] suffix) {
        int from = last - suffix.length;
        for (int j = suffix.length - 1; j >= 0; j--) { // type names share their beginnings: compare from the end
            if (bytes[from + j] != suffix[j]) {
                return false;
            }
        }
        return true;
    }

    private int entry(int index, int tag) {
        if (index <= 0 || index >= offsets.length || offsets[index] == 0 || bytes[offsets[index]] != tag) {
            throw new IllegalArgumentException("constant pool entry " + index + " is not of tag " + tag);
        }
        return offsets[index];
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
