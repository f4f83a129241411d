package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which targets apply to a type and which of its methods they instrument, from the SPEC §2 method
 * patterns: a pattern's class names the type itself or any of its supertypes (so an interface or an abstract
 * base may be named), and only concrete, non-synthetic methods declared by the type are instrumented.
 */
final class TargetMatcher {

    private final List<TargetSpec> targets;

    TargetMatcher(List<TargetSpec> targets) {
        this.targets = List.copyOf(targets);
    }

    /** Indices of the targets whose class pattern names this type or one of its supertypes. */
    List<Integer> targetsFor(TypeDescription type) {
        if (type.isInterface() || type.isAnnotation() || type.isArray() || type.isPrimitive()) {
            return List.of();
        }
        Set<String> names = supertypeNames(type);
        List<Integer> matching = new ArrayList<>(1);
        for (int i = 0; i < targets.size(); i++) {
            MethodPattern pattern = targets.get(i).pattern();
            for (String name : names) {
                if (pattern.matchesTypeName(name)) {
                    matching.add(i);
                    break;
                }
            }
        }
        return matching;
    }

    /** The methods of {@code type} that target {@code index} instruments. */
    ElementMatcher<MethodDescription> methodsOf(int index) {
        MethodPattern pattern = targets.get(index).pattern();
        return method -> {
            if (method.isAbstract() || method.isNative() || method.isBridge() || method.isSynthetic()
                    || method.isTypeInitializer()) {
                return false;
            }
            if (pattern.isConstructor() != method.isConstructor()) {
                return false;
            }
            if (!pattern.isConstructor() && !pattern.matchesMethodName(method.getName())) {
                return false;
            }
            List<String> types = new ArrayList<>(method.getParameters().size());
            for (ParameterDescription parameter : method.getParameters()) {
                types.add(typeName(parameter.getType().asErasure()));
            }
            return pattern.matchesParameters(types);
        };
    }

    /** The {@code Class.getTypeName()} form that patterns are written in: {@code float[]}, {@code a.B$C}. */
    static String typeName(TypeDescription type) {
        return type.isArray() ? typeName(type.getComponentType()) + "[]" : type.getName();
    }

    /**
     * Whether any target's class pattern names this loaded class or one of its supertypes: the check for
     * classes loaded before the transformer was installed, read from the classes themselves.
     */
    boolean couldApplyTo(Class<?> type) {
        Set<String> names = new HashSet<>();
        collect(type, names);
        for (TargetSpec target : targets) {
            for (String name : names) {
                if (target.pattern().matchesTypeName(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void collect(Class<?> type, Set<String> names) {
        if (type == null || !names.add(type.getName())) {
            return;
        }
        for (Class<?> anInterface : type.getInterfaces()) {
            collect(anInterface, names);
        }
        collect(type.getSuperclass(), names);
    }

    /** Whether any target could apply to the type: the cheap first check run for every loaded class. */
    ElementMatcher<TypeDescription> anyTarget() {
        return type -> !targetsFor(type).isEmpty();
    }

    private static Set<String> supertypeNames(TypeDescription type) {
        Set<String> names = new HashSet<>();
        collect(type, names);
        return names;
    }

    private static void collect(TypeDefinition type, Set<String> names) {
        if (type == null || !names.add(type.asErasure().getName())) {
            return;
        }
        try {
            for (TypeDescription.Generic anInterface : type.getInterfaces()) {
                collect(anInterface, names);
            }
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                collect(superClass, names);
            }
        } catch (RuntimeException unresolvable) {
            // a supertype the class loader cannot find: match on what could be resolved
        }
    }
}
