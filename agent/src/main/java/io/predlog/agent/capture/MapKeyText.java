package io.predlog.agent.capture;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/**
 * The text of a map key, {@code String.valueOf(key)}, for the keys whose text the JDK makes on its own: strings, the
 * JDK's numbers, {@code Character}, {@code Boolean}, {@code UUID}, {@code URI}, {@code Locale}, {@code java.time}
 * values, and enum constants whose class keeps {@code Enum.toString} (their name). Any other key's text would be its
 * class's {@code toString}, application code that may throw, block or leak, so it is not asked for: the key is
 * {@link #UNREAD} instead and the map's hash is partial (docs/HASHING.md). An application {@code CharSequence} is
 * read through its chars. The decision is made once per class.
 */
final class MapKeyText {

    /** What a key whose text only the application's code could give is written as. */
    static final String UNREAD = "<unread key>";

    private static final ClassValue<Kind> KINDS = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return kindOf(type);
        }
    };

    private enum Kind { VALUE_OF, ENUM_NAME, CHARS, UNREAD }

    private MapKeyText() {
    }

    /** The key's text, or {@link #UNREAD}. */
    static String of(Object key) {
        if (key == null) {
            return "null";
        }
        return switch (KINDS.get(key.getClass())) {
            case VALUE_OF -> key.toString();
            case ENUM_NAME -> ((Enum<?>) key).name();
            case CHARS -> chars((CharSequence) key);
            case UNREAD -> UNREAD;
        };
    }

    private static String chars(CharSequence s) {
        int n = s.length();
        StringBuilder b = new StringBuilder(Math.max(0, n));
        for (int i = 0; i < n; i++) {
            b.append(s.charAt(i));
        }
        return b.toString();
    }

    private static Kind kindOf(Class<?> type) {
        if (Enum.class.isAssignableFrom(type)) {
            return keepsEnumToString(type) ? Kind.ENUM_NAME : Kind.UNREAD;
        }
        if (!type.getName().startsWith("java.")) {
            return CharSequence.class.isAssignableFrom(type) ? Kind.CHARS : Kind.UNREAD;
        }
        boolean value = Number.class.isAssignableFrom(type) || CharSequence.class.isAssignableFrom(type)
                || type == Character.class || type == Boolean.class || type == UUID.class || type == URI.class
                || type == Locale.class || type == BigInteger.class || type == BigDecimal.class
                || type.getName().startsWith("java.time.");
        return value ? Kind.VALUE_OF : Kind.UNREAD;
    }

    private static boolean keepsEnumToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() == Enum.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }
}
