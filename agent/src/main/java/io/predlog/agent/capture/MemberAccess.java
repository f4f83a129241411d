package io.predlog.agent.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One resolved expression segment for one runtime class: a method to invoke or a field to read.
 *
 * <p>Methods are invoked through a declaration the agent may access: the runtime class when it is public
 * in an exported package, else a public superclass or interface that declares the method. So
 * {@code arg0.getRequestHeaders()} on a {@code sun.net.httpserver} exchange runs through
 * {@code com.sun.net.httpserver.HttpExchange}, with no {@code setAccessible} on a JDK-internal class. Only
 * when no accessible declaration exists (an application's package-private class) is
 * {@code trySetAccessible} used, which the module system allows for the application's own classes.
 */
abstract class MemberAccess {

    /**
     * An expression runs on every call of its target: members are called through method handles made once, not
     * {@code Method.invoke} or {@code Field.get}, which walk the caller's stack for an access check on each call
     * unless the member was made accessible.
     */
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType WITH_TEXT = MethodType.methodType(Object.class, Object.class, String.class);

    abstract Object apply(Object target) throws Exception;

    /** Resolves {@code name} / {@code name()} (no-arg method, getter, is-getter, field) or {@code name("x")}. */
    static MemberAccess resolve(Class<?> type, String name, String stringArg) {
        if (stringArg != null) {
            Method m = findMethod(type, name, String.class);
            if (m == null) {
                m = findMethod(type, name, CharSequence.class);
            }
            if (m == null) {
                m = findMethod(type, name, Object.class);
            }
            return m == null ? new Missing(type, name + "(String)") : invoke(type, m, stringArg);
        }
        String cap = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : new String[] {name, "get" + cap, "is" + cap}) {
            Method m = findMethod(type, candidate);
            if (m != null && m.getReturnType() != void.class) {
                return invoke(type, m, null);
            }
        }
        Field f = findField(type, name);
        if (f == null) {
            return new Missing(type, name);
        }
        try {
            return new Read(LOOKUP.unreflectGetter(f).asType(GETTER));
        } catch (IllegalAccessException e) {
            return new Missing(type, name + " (" + e.getMessage() + ")");
        }
    }

    /** Calls of {@code m}, with {@code arg} when not null; {@link Missing} if no handle can be made for it. */
    private static MemberAccess invoke(Class<?> type, Method m, String arg) {
        try {
            return new Invoke(LOOKUP.unreflect(m).asType(arg == null ? GETTER : WITH_TEXT), arg);
        } catch (IllegalAccessException e) {
            return new Missing(type, m.getName() + " (" + e.getMessage() + ")");
        }
    }

    /** A public method with these parameters, through an accessible declaration; or, failing that, made accessible. */
    static Method findMethod(Class<?> type, String name, Class<?>... params) {
        for (Class<?> c : hierarchy(type)) {
            if (!isAccessible(c)) {
                continue;
            }
            try {
                Method m = c.getMethod(name, params);
                if (!Modifier.isStatic(m.getModifiers()) && isAccessible(m.getDeclaringClass())) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name, params);
                if (!Modifier.isStatic(m.getModifiers()) && m.trySetAccessible()) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return null;
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())
                        && ((Modifier.isPublic(f.getModifiers()) && isAccessible(c)) || f.trySetAccessible())) {
                    return f;
                }
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    /** The class, its superclasses, then every interface, nearest first. */
    private static List<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            out.add(c);
        }
        Deque<Class<?>> queue = new ArrayDeque<>(out);
        while (!queue.isEmpty()) {
            for (Class<?> i : queue.poll().getInterfaces()) {
                if (out.add(i)) {
                    queue.add(i);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Public, and in a package its module exports to the agent (and public all the way out, if nested). */
    static boolean isAccessible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return c.getModule().isExported(c.getPackageName(), MemberAccess.class.getModule());
    }

    /** A handle's failure as {@code Method.invoke} reports it: an exception as itself, anything else wrapped. */
    private static Exception thrownBy(Throwable t) {
        return t instanceof Exception e ? e : new InvocationTargetException(t);
    }

    private static final class Invoke extends MemberAccess {
        private final MethodHandle method;
        private final String arg;

        Invoke(MethodHandle method, String arg) {
            this.method = method;
            this.arg = arg;
        }

        @Override
        Object apply(Object target) throws Exception {
            try {
                return arg == null ? (Object) method.invokeExact(target) : (Object) method.invokeExact(target, arg);
            } catch (Throwable t) {
                throw thrownBy(t);
            }
        }
    }

    private static final class Read extends MemberAccess {
        private final MethodHandle field;

        Read(MethodHandle field) {
            this.field = field;
        }

        @Override
        Object apply(Object target) throws Exception {
            try {
                return (Object) field.invokeExact(target);
            } catch (Throwable t) {
                throw thrownBy(t);
            }
        }
    }

    private static final class Missing extends MemberAccess {
        private final String message;

        Missing(Class<?> type, String member) {
            this.message = "no accessible member '" + member + "' on " + type.getTypeName();
        }

        @Override
        Object apply(Object target) throws NoSuchMethodException {
            throw new NoSuchMethodException(message);
        }
    }
}
