package io.predlog.agent.instrument;

import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which targets' class patterns name a type or one of its supertypes, remembered per class loader and type name.
 * Every class that loads is asked this, and the answer for a class is the union of the answers for its direct
 * supertypes, so a supertype's hierarchy is read (its class file parsed) once per class loader instead of once for
 * every class below it: a Spring application loads thousands of classes that share a few dozen supertypes.
 *
 * <p>The answer is a bit set of target indices in a {@code long}, so it serves up to 64 targets; beyond that the
 * caller walks the hierarchy each time ({@link #usable}). An answer that depended on a supertype that could not be
 * resolved is not remembered (the class may resolve later). A class loader keeps at most {@link #MAX_NAMES} names;
 * past that, answers are computed without being remembered. Thread-safe.
 */
final class HierarchyMatches {

    static final int MAX_NAMES = 200_000;

    private final List<TargetSpec> targets;
    private final Map<String, Long> bootstrap = new ConcurrentHashMap<>();
    private final Map<ClassLoader, Map<String, Long>> byLoader = new WeakHashMap<>();

    HierarchyMatches(List<TargetSpec> targets) {
        this.targets = List.copyOf(targets);
    }

    /** Whether there are few enough targets for one {@code long} to hold the answer. */
    boolean usable() {
        return targets.size() <= Long.SIZE;
    }

    /**
     * The targets whose class pattern names {@code type} or one of its supertypes, as bits of target indices.
     *
     * @param loader the class loader that defines {@code type} (null: the bootstrap loader); its supertypes' names
     *               are resolved through it, so they are remembered under it
     */
    long of(TypeDescription type, ClassLoader loader) {
        return of(type, loader, DESCRIPTIONS);
    }

    /** As {@link #of(TypeDescription, ClassLoader)}, for a type given in any form that can name its supertypes. */
    <T> long of(T type, ClassLoader loader, Supertypes<T> supertypes) {
        return new Walk<>(namesOf(loader), supertypes).mask(type);
    }

    /**
     * How to walk up from one form of a type.
     *
     * @param <T> the form: a Byte Buddy description, or a class file's header
     */
    interface Supertypes<T> {

        /** The type's binary name. */
        String name(T type);

        /** Its direct supertypes (interfaces, then the superclass); throws when one cannot be resolved. */
        List<T> of(T type);
    }

    private static final Supertypes<TypeDefinition> DESCRIPTIONS = new Supertypes<>() {
        @Override
        public String name(TypeDefinition type) {
            return type.asErasure().getName();
        }

        @Override
        public List<TypeDefinition> of(TypeDefinition type) {
            List<TypeDefinition> supertypes = new ArrayList<>(type.getInterfaces());
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                supertypes.add(superClass);
            }
            return supertypes;
        }
    };

    private Map<String, Long> namesOf(ClassLoader loader) {
        if (loader == null) {
            return bootstrap;
        }
        synchronized (byLoader) {
            return byLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
    }

    /**
     * Whether a type of this name can only be the bootstrap loader's: {@code java.*}, which no other loader may
     * define. Its answer is remembered once for every loader, each of which would otherwise read its class file.
     */
    static boolean isJavaPlatform(String name) {
        return name.startsWith("java.");
    }

    /** The targets whose class pattern names this type itself. */
    long direct(String name) {
        long bits = 0;
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).pattern().matchesTypeName(name)) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /** One question's walk up the hierarchy. */
    private final class Walk<T> {
        private final Map<String, Long> known;
        private final Supertypes<T> supertypes;
        private final Set<String> visiting = new HashSet<>();
        private boolean incomplete;

        Walk(Map<String, Long> known, Supertypes<T> supertypes) {
            this.known = known;
            this.supertypes = supertypes;
        }

        long mask(T type) {
            String name = supertypes.name(type);
            Map<String, Long> known = isJavaPlatform(name) ? bootstrap : this.known;
            Long remembered = known.get(name);
            if (remembered != null) {
                return remembered;
            }
            if (!visiting.add(name)) {
                return 0; // a cycle in a broken hierarchy: its types are already being counted
            }
            boolean incompleteBefore = incomplete;
            incomplete = false;
            long bits = direct(name);
            try {
                for (T supertype : supertypes.of(type)) {
                    bits |= mask(supertype);
                }
            } catch (RuntimeException unresolvable) {
                incomplete = true; // a supertype the class loader cannot find: match on what could be resolved
            }
            if (!incomplete && known.size() < MAX_NAMES) {
                known.put(name, bits);
            }
            incomplete |= incompleteBefore;
            return bits;
        }
    }
}
