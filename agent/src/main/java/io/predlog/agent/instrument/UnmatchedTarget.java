package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.Suggestions;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Explains why a target has matched no method, from the classes the JVM has loaded: the class is loaded but has no
 * method of that name (its nearest names listed), has it with other parameters (its signatures listed), has it only
 * abstract, or was never loaded (a loaded class of a near name suggested). The words a user reads when a typo
 * records nothing.
 */
public final class UnmatchedTarget {

    private static final int MAX_LISTED = 3;

    private UnmatchedTarget() {
    }

    /** Why {@code pattern} matched nothing among {@code loaded}, as one sentence ending without a period. */
    public static String explain(MethodPattern pattern, Class<?>[] loaded) {
        String className = pattern.classPattern();
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> type : loaded) {
            if (!type.isArray() && pattern.matchesTypeName(type.getName())) {
                named.add(type);
            }
        }
        if (named.isEmpty()) {
            return className.indexOf('*') >= 0
                    ? "no loaded class matches " + className + " (a class that is never loaded is never matched)"
                    : "class " + className + " was never loaded" + nearClassName(className, loaded);
        }
        Class<?> type = named.get(0);
        String where = named.size() == 1 ? "class " + type.getName() : named.size() + " classes matching " + className;
        if (pattern.isConstructor()) {
            return where + " is loaded, but no constructor has parameters " + parameters(pattern);
        }
        if (pattern.isTypeInitializer()) {
            return where + " is loaded but has no static initialiser (no static block or static field initialiser),"
                    + " or it ran before the agent started";
        }
        List<Method> sameName = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> candidate : named) {
            for (Method method : methodsOf(candidate)) {
                names.add(method.getName());
                if (pattern.matchesMethodName(method.getName())) {
                    sameName.add(method);
                }
            }
        }
        if (sameName.isEmpty()) {
            return where + " is loaded but has no method " + pattern.methodPattern() + nearMethodNames(pattern, names);
        }
        List<String> signatures = new ArrayList<>();
        boolean allAbstract = true;
        for (Method method : sameName) {
            List<String> types = new ArrayList<>();
            for (Class<?> parameter : method.getParameterTypes()) {
                types.add(parameter.getTypeName());
            }
            if (pattern.matchesParameters(types)) {
                allAbstract &= Modifier.isAbstract(method.getModifiers());
            }
            String signature = method.getName() + "(" + String.join(", ", types) + ")";
            if (!signatures.contains(signature)) {
                signatures.add(signature);
            }
        }
        if (pattern.parameterTypes() != null && !anyParametersMatch(pattern, sameName)) {
            return where + " has " + String.join(", ", signatures.subList(0, Math.min(MAX_LISTED, signatures.size())))
                    + " but none with parameters " + parameters(pattern);
        }
        if (allAbstract) {
            return where + " declares " + pattern.methodPattern() + " only as abstract, and no class implementing it"
                    + " has been loaded";
        }
        return where + " has " + pattern.methodPattern() + ", but it was loaded before the agent or by a class"
                + " loader the agent does not instrument";
    }

    private static boolean anyParametersMatch(MethodPattern pattern, List<Method> methods) {
        for (Method method : methods) {
            List<String> types = new ArrayList<>();
            for (Class<?> parameter : method.getParameterTypes()) {
                types.add(parameter.getTypeName());
            }
            if (pattern.matchesParameters(types)) {
                return true;
            }
        }
        return false;
    }

    private static String parameters(MethodPattern pattern) {
        return "(" + (pattern.parameterTypes() == null ? ".." : String.join(", ", pattern.parameterTypes())) + ")";
    }

    /** Declared methods of the class and of its supertypes, as far as reflection allows. */
    private static List<Method> methodsOf(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        collect(type, seen);
        for (Class<?> each : seen) {
            try {
                for (Method method : each.getDeclaredMethods()) {
                    if (!method.isSynthetic()) {
                        methods.add(method);
                    }
                }
            } catch (Throwable unreadable) {
                // a class whose methods cannot be listed (a missing dependency): listed without them
            }
        }
        return methods;
    }

    private static void collect(Class<?> type, Set<Class<?>> seen) {
        if (type == null || type == Object.class || !seen.add(type)) {
            return;
        }
        collect(type.getSuperclass(), seen);
        for (Class<?> anInterface : type.getInterfaces()) {
            collect(anInterface, seen);
        }
    }

    private static String nearMethodNames(MethodPattern pattern, Set<String> names) {
        List<String> nearest = nearest(pattern.methodPattern(), names);
        return nearest.isEmpty() ? "" : "; its nearest methods: " + String.join(", ", nearest);
    }

    private static String nearClassName(String className, Class<?>[] loaded) {
        Set<String> candidates = new LinkedHashSet<>();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        for (Class<?> type : loaded) {
            String name = type.getName();
            if (type.isArray() || type.isSynthetic() || type.getClassLoader() == null
                    || name.startsWith("io.predlog.shaded.")) {
                continue;
            }
            String candidateSimple = name.substring(name.lastIndexOf('.') + 1);
            if (Suggestions.within(className, name, 3) || Suggestions.within(simple, candidateSimple, 2)) {
                candidates.add(name);
            }
        }
        List<String> nearest = nearest(className, candidates);
        return nearest.isEmpty() ? " (a class that is never loaded is never matched)"
                : "; did you mean " + String.join(" or ", nearest) + "?";
    }

    private static List<String> nearest(String word, Set<String> candidates) {
        return candidates.stream()
                .sorted(Comparator.comparingInt((String c) -> Suggestions.distance(word, c)).thenComparing(c -> c))
                .filter(c -> Suggestions.distance(word, c) <= Math.max(3, word.length() / 2))
                .limit(MAX_LISTED)
                .toList();
    }
}
