package io.predlog.agent.capture;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;

/**
 * One field or record component of a class, resolved once: its name, its key already in canonical bytes
 * ({@code "name":}), and how to read it. Immutable; shared by every walk of the class.
 */
final class Member {

    private static final Member[] NONE = new Member[0];

    final String name;
    final byte[] key;
    /** 'I','J','S','B','D','F','Z','C' for primitive fields, 'L' for references. */
    final char primitive;
    /** The field, or null for a record component. */
    final Field field;
    /** The record component's accessor, or null for a field. */
    final Method accessor;

    Member(String name, char primitive, Field field, Method accessor) {
        this.name = name;
        this.primitive = primitive;
        this.field = field;
        this.accessor = accessor;
        CanonicalBytes bytes = new CanonicalBytes();
        JcsString.write(bytes.writer, name);
        bytes.writer.write(':');
        this.key = bytes.bytes();
    }

    /** The members sorted by name, as RFC 8785 orders keys. */
    static Member[] sorted(List<Member> list) {
        list.sort(Comparator.comparing(m -> m.name));
        return list.toArray(NONE);
    }

    /** The members' names, in the same order: shared as field names by every value of the class; never modified. */
    static String[] names(Member[] members) {
        String[] names = new String[members.length];
        for (int i = 0; i < members.length; i++) {
            names[i] = members[i].name;
        }
        return names;
    }

    static char primitiveCode(Class<?> t) {
        if (!t.isPrimitive()) {
            return 'L';
        }
        if (t == int.class) {
            return 'I';
        } else if (t == long.class) {
            return 'J';
        } else if (t == double.class) {
            return 'D';
        } else if (t == float.class) {
            return 'F';
        } else if (t == short.class) {
            return 'S';
        } else if (t == byte.class) {
            return 'B';
        } else if (t == boolean.class) {
            return 'Z';
        }
        return 'C';
    }
}
