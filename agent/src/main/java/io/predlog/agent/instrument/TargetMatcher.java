package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.record.GeneratedClasses;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which targets apply to a type and which of its methods they instrument, from the method patterns
 * (docs/CONFIGURATION.md, "Which calls a target records").
 *
 * <ul>
 *   <li>A target applies <em>directly</em> to the type its class pattern names and to every subtype, classes and
 *       interfaces alike (default methods): every call of such a method has a receiver of the named type.</li>
 *   <li>It applies <em>with a receiver check</em> to a supertype whose code a named type inherits
 *       ({@link InheritedCode}): {@code Leaf#predict} where {@code predict} is declared in {@code Base}. Such a
 *       method is shared with sibling classes, so the recorder checks each call's receiver.</li>
 *   <li>Classes generated around the user's ({@link GeneratedClasses}: CGLIB, JDK and other proxies) are never
 *       instrumented; the JDK's own implementation classes ({@code sun.*}, {@code com.sun.*},
 *       {@code jdk.internal.*} from the JDK's class loaders) only when a pattern names them.</li>
 * </ul>
 * Only concrete, non-bridge, non-synthetic methods are instrumented; a bridge that a pattern names stands for the
 * method it calls.
 */
final class TargetMatcher {

    /** One target to weave into a type. */
    record Weave(int target, boolean checkReceiver) {
    }

    private static final List<String> JDK_INTERNAL_PREFIXES = List.of("sun.", "com.sun.", "jdk.internal.", "jdk.");

    private final List<TargetSpec> targets;
    private final InheritedCode inherited;
    private final HierarchyMatches hierarchy;

    TargetMatcher(List<TargetSpec> targets, InheritedCode inherited) {
        this.targets = List.copyOf(targets);
        this.inherited = inherited;
        this.hierarchy = new HierarchyMatches(this.targets);
    }

    TargetSpec target(int index) {
        return targets.get(index);
    }

    int size() {
        return targets.size();
    }

    /** The targets to weave into this type, loaded by {@code loader} (null: the bootstrap loader). */
    List<Weave> weavesFor(TypeDescription type, ClassLoader loader) {
        if (type.isAnnotation() || type.isArray() || type.isPrimitive() || isGenerated(type)) {
            return List.of();
        }
        inherited.lookAhead(loader);
        boolean jdkInternal = isJdkInternal(type.getName(), loader);
        long named = !jdkInternal && hierarchy.usable() ? hierarchy.of(type, loader) : 0;
        Set<String> names = jdkInternal ? Set.of(type.getName())
                : hierarchy.usable() ? Set.of() : supertypeNames(type);
        List<Weave> weaves = new ArrayList<>(1);
        for (int i = 0; i < targets.size(); i++) {
            if ((named & (1L << i)) != 0 || matchesAny(targets.get(i).pattern(), names)) {
                weaves.add(new Weave(i, false));
            } else if (!jdkInternal && inherited.isNeeded(type.getName(), i)) {
                weaves.add(new Weave(i, true));
            }
        }
        return weaves;
    }

    /**
     * Whether a class being loaded could have a target woven into it, judged from its class file's header: a
     * target's class pattern names it or a supertype ({@link HierarchyMatches}, remembered per class loader), or it
     * holds inherited code a target needs. Never false for a class {@link #weavesFor} would weave; may be true for
     * one it would not (an annotation, a generated class). Cheap enough to ask of every class that loads.
     *
     * @param classFile the class file as it is being loaded
     */
    boolean mayWeave(String name, byte[] classFile, ClassLoader loader) {
        if (!hierarchy.usable()) {
            return true;
        }
        if (isJdkInternal(name, loader)) { // never through a supertype, so no look-ahead (Byte Buddy) for them
            return hierarchy.direct(name) != 0;
        }
        inherited.lookAhead(loader);
        if (inherited.isNeeded(name)) {
            return true;
        }
        ClassHeader header = ClassHeader.of(classFile);
        return hierarchy.of(header.name(), loader, header.supertypesThrough(loader)) != 0;
    }

    /** Whether a type is one of the JDK's own implementation classes, matched only when a pattern names it. */
    static boolean isJdkInternal(String name, ClassLoader loader) {
        if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        for (String prefix : JDK_INTERNAL_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The methods of {@code type} that a target instruments: those its pattern matches by name and parameters,
     * and for a bridge that it matches, the method the bridge calls (same name and arity, not a bridge).
     * Inherited code (a receiver check) is never a constructor, a static or a private method.
     */
    List<MethodDescription.InDefinedShape> methodsOf(TypeDescription type, Weave weave) {
        return methodsOf(type, targets.get(weave.target()).pattern(), weave.checkReceiver());
    }

    static List<MethodDescription.InDefinedShape> methodsOf(TypeDescription type, MethodPattern pattern,
                                                            boolean inheritedCode) {
        MethodList<MethodDescription.InDefinedShape> declared = type.getDeclaredMethods();
        // by name and descriptor, read from the class file: a description's own equality resolves its parameter
        // types, each a class file to read, which only the weaving needs
        Map<String, MethodDescription.InDefinedShape> chosen = new LinkedHashMap<>();
        List<MethodDescription.InDefinedShape> bridges = new ArrayList<>(0);
        for (MethodDescription.InDefinedShape method : declared) {
            if (!nameMatches(pattern, method) || !parametersMatch(pattern, method)) {
                continue;
            }
            if (method.isBridge()) {
                bridges.add(method);
            } else if (isWeavable(method, inheritedCode)) {
                chosen.putIfAbsent(method.getInternalName() + method.getDescriptor(), method);
            }
        }
        for (MethodDescription.InDefinedShape bridge : bridges) {
            for (MethodDescription.InDefinedShape method : declared) {
                if (!method.isBridge() && method.getName().equals(bridge.getName())
                        && method.getParameters().size() == bridge.getParameters().size()
                        && isWeavable(method, inheritedCode)) {
                    chosen.putIfAbsent(method.getInternalName() + method.getDescriptor(), method);
                }
            }
        }
        return new ArrayList<>(chosen.values());
    }

    private static boolean nameMatches(MethodPattern pattern, MethodDescription method) {
        if (pattern.isTypeInitializer() || method.isTypeInitializer()) {
            return pattern.isTypeInitializer() && method.isTypeInitializer();
        }
        if (pattern.isConstructor() != method.isConstructor()) {
            return false;
        }
        return pattern.isConstructor() || pattern.matchesMethodName(method.getName());
    }

    private static boolean parametersMatch(MethodPattern pattern, MethodDescription method) {
        List<String> filter = pattern.parameterTypes();
        if (filter == null || (!filter.isEmpty() && filter.get(0).equals(MethodPattern.ANY_REMAINING))) {
            return true; // any parameters: their types are not resolved (each a class file to read)
        }
        ParameterList<?> parameters = method.getParameters();
        int count = pattern.exactParameterCount();
        if (count >= 0 && parameters.size() != count) {
            return false;
        }
        List<String> types = new ArrayList<>(parameters.size());
        for (ParameterDescription parameter : parameters) {
            types.add(typeName(parameter.getType().asErasure()));
        }
        return pattern.matchesParameters(types);
    }

    private static boolean isWeavable(MethodDescription method, boolean inheritedCode) {
        if (method.isAbstract() || method.isNative() || method.isSynthetic()) {
            return false;
        }
        return !inheritedCode || !(method.isConstructor() || method.isStatic() || method.isPrivate());
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
        if (GeneratedClasses.isGenerated(type)) {
            return false;
        }
        for (TargetSpec target : targets) {
            if (target.pattern().namesTypeOrSupertypeOf(type)) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesAny(MethodPattern pattern, Set<String> names) {
        for (String name : names) {
            if (pattern.matchesTypeName(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGenerated(TypeDescription type) {
        List<String> interfaces = new ArrayList<>(2);
        try {
            for (TypeDescription.Generic anInterface : type.getInterfaces()) {
                interfaces.add(anInterface.asErasure().getName());
            }
        } catch (RuntimeException unresolvable) {
            // judged by its name alone
        }
        return GeneratedClasses.isGenerated(type.getName(), interfaces);
    }

    /** The names of a type and all its supertypes, as far as they resolve. */
    static Set<String> supertypeNames(TypeDefinition type) {
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
