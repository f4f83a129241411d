package io.predlog.agent.capture;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * How values of one runtime class are written canonically, worked out once per class (a {@link ClassValue})
 * so that the walk dispatches with one lookup and reflects nothing per call.
 */
final class TypeLayout {

    /** The canonical form a class takes (SPEC §4). */
    enum Kind {
        CHARS, BOOLEAN, CHARACTER, INTEGRAL, FLOATING, ENUM, MAP, ITERABLE, OPTIONAL,
        OBJECT_ARRAY, PRIMITIVE_ARRAY, RECORD, JDK_VALUE, FIELDS
    }

    /** One field or record component, with its key already in canonical bytes. */
    static final class Member {
        final String name;
        final byte[] key;
        /** 'I','J','S','B','D','F','Z','C' for primitive fields, 'L' for references. */
        final char primitive;
        final Field field;
        final Method accessor;

        Member(String name, char primitive, Field field, Method accessor) {
            this.name = name;
            this.primitive = primitive;
            this.field = field;
            this.accessor = accessor;
            CapturingSink keySink = new CapturingSink();
            JcsString.write(keySink.sink, name);
            keySink.sink.write(':');
            this.key = keySink.bytes();
        }
    }

    private static final ClassValue<TypeLayout> LAYOUTS = new ClassValue<>() {
        @Override
        protected TypeLayout computeValue(Class<?> type) {
            return new TypeLayout(type);
        }
    };

    private static final Member[] NO_MEMBERS = new Member[0];

    final Kind kind;
    final String typeName;
    /** Fields (FIELDS) or components (RECORD), sorted by name as RFC 8785 orders keys. */
    final Member[] members;
    /** The members' names, in the same order: shared as field names by every value of this class; never modified. */
    final String[] names;
    /** Some fields were hidden by the module system and are left out. */
    final boolean partial;

    static TypeLayout of(Class<?> type) {
        return LAYOUTS.get(type);
    }

    private TypeLayout(Class<?> type) {
        this.typeName = type.getTypeName();
        Kind k = classify(type);
        Member[] m = NO_MEMBERS;
        boolean hidden = false;
        if (k == Kind.RECORD) {
            List<Member> list = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                Method accessor = rc.getAccessor();
                if (accessor.trySetAccessible()) {
                    list.add(new Member(rc.getName(), 'L', null, accessor));
                } else {
                    hidden = true;
                }
            }
            m = sorted(list);
        } else if (k == Kind.FIELDS) {
            List<Member> list = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()
                            || seen.contains(f.getName())) {
                        continue; // a field shadowed by a subclass's field of the same name is left out
                    }
                    seen.add(f.getName());
                    if (f.trySetAccessible()) {
                        list.add(new Member(f.getName(), primitiveCode(f.getType()), f, null));
                    } else {
                        hidden = true;
                    }
                }
            }
            m = sorted(list);
        }
        this.kind = k;
        this.members = m;
        this.names = new String[m.length];
        for (int i = 0; i < m.length; i++) {
            names[i] = m[i].name;
        }
        this.partial = hidden;
    }

    private static Member[] sorted(List<Member> list) {
        list.sort(Comparator.comparing(x -> x.name));
        return list.toArray(NO_MEMBERS);
    }

    private static char primitiveCode(Class<?> t) {
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

    private static Kind classify(Class<?> type) {
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? Kind.PRIMITIVE_ARRAY : Kind.OBJECT_ARRAY;
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return Kind.CHARS;
        }
        if (type == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == Character.class) {
            return Kind.CHARACTER;
        }
        if (Enum.class.isAssignableFrom(type)) {
            return Kind.ENUM;
        }
        if (Map.class.isAssignableFrom(type)) {
            return Kind.MAP;
        }
        if (Iterable.class.isAssignableFrom(type)) {
            return Kind.ITERABLE;
        }
        if (type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                || type == OptionalDouble.class) {
            return Kind.OPTIONAL;
        }
        if (type.isRecord()) {
            return Kind.RECORD;
        }
        boolean jdk = type.getName().startsWith("java.");
        if (jdk && Number.class.isAssignableFrom(type)) {
            // only the JDK's own numbers: an application's Number subclass is walked by its fields
            return isIntegral(type) ? Kind.INTEGRAL : Kind.FLOATING;
        }
        if (type == Object.class) {
            return Kind.FIELDS; // no fields: {}
        }
        return jdk ? Kind.JDK_VALUE : Kind.FIELDS;
    }

    /** A number, or a container that may hold numbers: what a numeric array may be made of. */
    boolean mayHoldNumbers() {
        return switch (kind) {
            case INTEGRAL, FLOATING, ITERABLE, OBJECT_ARRAY, PRIMITIVE_ARRAY, OPTIONAL -> true;
            default -> false;
        };
    }

    static boolean isIntegral(Class<?> type) {
        return type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == AtomicInteger.class || type == AtomicLong.class || type == LongAdder.class
                || type == LongAccumulator.class;
    }
}
