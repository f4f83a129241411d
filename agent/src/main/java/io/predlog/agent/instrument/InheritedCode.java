package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the supertypes whose code a named type runs without declaring it: {@code Leaf#predict} where
 * {@code predict} is declared in {@code Base} or is a default method of an interface, and, for a constructor
 * target, the superclass constructors a named constructor calls (whose exceptions it cannot catch). Those
 * supertypes are instrumented with a receiver check, so that a sibling class sharing the code is not recorded.
 *
 * <p>A supertype is usually loaded while the named type is defined, right after the named type was seen here, and
 * is then instrumented as it loads. Two cases need more: a supertype loaded earlier, before any named type, is
 * found by reading ahead — each class loader is asked once for the class files of the targets that name one class
 * exactly, and their supertypes are noted before anything else of that loader is matched — and, where that cannot
 * work (a wildcard pattern, a named type in a child class loader), the supertype is retransformed in the background
 * ({@link Retransformer}) as soon as the need is found.
 */
final class InheritedCode {

    private final List<TargetSpec> targets;
    private final Retransformer retransformer;
    /** Supertype binary name → the targets whose inherited code it holds. */
    private final Map<String, BitSet> needs = new ConcurrentHashMap<>();
    private final Set<ClassLoader> readAhead = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** @param retransformer what retransforms supertypes loaded before their need was known; null: none */
    InheritedCode(List<TargetSpec> targets, Retransformer retransformer) {
        this.targets = List.copyOf(targets);
        this.retransformer = retransformer;
    }

    /** Whether the type of this name holds code that any target records with a receiver check. */
    boolean isNeeded(String typeName) {
        BitSet set = needs.get(typeName);
        if (set == null) {
            return false;
        }
        synchronized (set) {
            return !set.isEmpty();
        }
    }

    /** Whether the type of this name holds code that target {@code index} records with a receiver check. */
    boolean isNeeded(String typeName, int index) {
        BitSet set = needs.get(typeName);
        if (set == null) {
            return false;
        }
        synchronized (set) {
            return set.get(index);
        }
    }

    /**
     * Notes the supertypes of {@code type}, which target {@code index} applies to directly, whose code the type
     * may run: superclasses and interfaces declaring a concrete method the pattern matches, or, for a constructor
     * target, superclasses (other than {@code Object}).
     */
    void noteNamedType(TypeDescription type, int index, ClassLoader loader) {
        MethodPattern pattern = targets.get(index).pattern();
        for (TypeDefinition supertype : supertypesOf(type)) {
            TypeDescription erasure = supertype.asErasure();
            String name = erasure.getName();
            if (HierarchyMatches.isJavaPlatform(name)) {
                continue; // the JDK's own classes are never instrumented through a supertype
            }
            if (TargetMatcher.matchesAny(pattern, TargetMatcher.supertypeNames(erasure))) {
                continue; // instrumented directly
            }
            boolean holdsCode;
            try {
                holdsCode = pattern.isConstructor()
                        ? !erasure.isInterface()
                        : !TargetMatcher.methodsOf(erasure, pattern, true).isEmpty();
            } catch (RuntimeException unresolvable) {
                continue;
            }
            if (holdsCode && add(name, index) && retransformer != null) {
                retransformer.retransformIfLoaded(name, loader);
            }
        }
    }

    /**
     * Before any class-file transformation, on the agent's own start-up thread: reads ahead through the system
     * class loader, and walks a JDK type as a look-ahead walks a named type, so that the Byte Buddy classes a
     * look-ahead uses are initialised here. A look-ahead also runs inside the class-file transformer, as the
     * application's classes load, and a Byte Buddy class first initialised there, on the application's thread in
     * the middle of loading one of its classes, can fail to initialise, and is then unusable for good.
     */
    void prepare() {
        lookAhead(ClassLoader.getSystemClassLoader());
        try {
            TypePool pool = TypePool.Default.of(
                    ClassFileLocator.ForClassLoader.of(InheritedCode.class.getClassLoader()));
            TypeDescription type = pool.describe(Thread.class.getName()).resolve();
            for (TypeDefinition supertype : supertypesOf(type)) {
                TargetMatcher.supertypeNames(supertype.asErasure());
            }
            if (!targets.isEmpty()) {
                TargetMatcher.methodsOf(type, targets.get(0).pattern(), true);
            }
        } catch (Throwable t) {
            Diagnostics.failure("instrument.lookahead", t);
        }
    }

    /** Whether this loader was read ahead ({@link #lookAhead}). */
    boolean hasReadAhead(ClassLoader loader) {
        return readAhead.contains(loader);
    }

    /**
     * Reads ahead, once per class loader: the class files of targets naming one class exactly are looked up
     * through the loader and their supertypes noted, so a supertype that loads before them is still instrumented.
     */
    void lookAhead(ClassLoader loader) {
        if (loader == null || !readAhead.add(loader)) {
            return;
        }
        TypePool pool = null;
        for (int i = 0; i < targets.size(); i++) {
            String className = targets.get(i).pattern().classPattern();
            if (className.indexOf('*') >= 0) {
                continue;
            }
            try {
                if (pool == null) {
                    pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
                }
                TypePool.Resolution resolution = pool.describe(className);
                if (resolution.isResolved()) {
                    noteNamedType(resolution.resolve(), i, loader);
                }
            } catch (Throwable t) {
                Diagnostics.failure("instrument.lookahead", t);
            }
        }
    }

    private boolean add(String typeName, int index) {
        BitSet set = needs.computeIfAbsent(typeName, name -> new BitSet());
        synchronized (set) {
            if (set.get(index)) {
                return false;
            }
            set.set(index);
            return true;
        }
    }

    private static List<TypeDefinition> supertypesOf(TypeDescription type) {
        List<TypeDefinition> all = new ArrayList<>();
        collect(type, all, new HashSet<>());
        all.remove(0); // the type itself
        return all;
    }

    private static void collect(TypeDefinition type, List<TypeDefinition> all, Set<String> seen) {
        if (type == null || !seen.add(type.asErasure().getName())) {
            return;
        }
        all.add(type);
        try {
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                collect(superClass, all, seen);
            }
            for (TypeDescription.Generic anInterface : type.getInterfaces()) {
                collect(anInterface, all, seen);
            }
        } catch (RuntimeException unresolvable) {
            // a supertype the class loader cannot find: nothing it declares can be instrumented anyway
        }
    }
}
