package io.predlog.agent.capture;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which fields hold native pointers (docs/HASHING.md, "Native state"). A native pointer is an address: it changes
 * from call to call for the same data, so it is never hashed, never a feature and never an {@code input.values}
 * entry. A field holds one when
 * <ul>
 *   <li>its type can carry an address: {@code long}, {@code Long}, {@code AtomicLong}, {@code AtomicReference} (as
 *       DJL's {@code NativeResource} keeps its handle);</li>
 *   <li>its name says so: it ends, in any case, with {@code handle}, {@code ptr}, {@code pointer}, {@code address}
 *       or {@code peer} ({@code handle}, {@code nativeHandle}, {@code nativePtr}, JavaCPP's {@code address});</li>
 *   <li>and its class is a native wrapper: the class or a superclass declares a {@code native} method (ONNX
 *       Runtime, JavaCPP), or it frees something: it is {@code AutoCloseable} or has a public no-argument
 *       {@code dispose}, {@code free}, {@code release}, {@code delete} or {@code destroy} method (XGBoost's
 *       {@code DMatrix}, whose native calls live in another class).</li>
 * </ul>
 * A {@code long ipAddress} in an application's plain data class is none of these: its class frees nothing. A class
 * with such a field keeps its data behind the pointer, so {@link FieldsAdapter} writes its values as native state.
 * Decided once per class, when its adapter is chosen.
 */
final class NativeHandles {

    private static final String[] NAME_ENDINGS = {"handle", "ptr", "pointer", "address", "peer"};
    private static final String[] FREEING_METHODS = {"dispose", "free", "release", "delete", "destroy"};

    private NativeHandles() {
    }

    /** Whether {@code f}, a non-static field of {@code owner} or of one of its superclasses, holds a native pointer. */
    static boolean isHandle(Field f, boolean ownerIsNativeWrapper) {
        return ownerIsNativeWrapper && carriesAddress(f.getType()) && namedLikeAPointer(f.getName());
    }

    /** Whether values of {@code type} wrap native state: it declares native methods, or frees something. */
    static boolean isNativeWrapper(Class<?> type) {
        if (AutoCloseable.class.isAssignableFrom(type)) {
            return true;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] methods;
            try {
                methods = c.getDeclaredMethods();
            } catch (LinkageError e) {
                continue; // a method names a class that is missing: not evidence either way
            }
            for (Method m : methods) {
                if (Modifier.isNative(m.getModifiers())) {
                    return true;
                }
                if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0 && isFreeing(m.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean carriesAddress(Class<?> t) {
        return t == long.class || t == Long.class || t == AtomicLong.class || t == AtomicReference.class;
    }

    private static boolean namedLikeAPointer(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String ending : NAME_ENDINGS) {
            if (n.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFreeing(String name) {
        for (String f : FREEING_METHODS) {
            if (f.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
