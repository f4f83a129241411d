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
 * <p>When every target names one class exactly ({@code a.b.Model#predict}, no wildcard) and the class loader finds
 * each of them as an application class (not an interface, not one of the JDK's), only superclasses can lead to a
 * target: an interface's supertypes are interfaces, and the JDK's types extend only the JDK's. A walk in such a
 * loader then follows superclasses alone and stops at {@code java.*}, and reads no interface's class file. Which
 * kind of walk a loader gets is decided on its first question, from the named classes' class files read through
 * it ({@link TargetTypes}).
 *
 * <p>The answer is a bit set of target indices in a {@code long}, so it serves up to 64 targets; beyond that the
 * caller walks the hierarchy each time ({@link #usable}). An answer that depended on a supertype that could not be
 * resolved is not remembered (the class may resolve later). A class loader keeps at most {@link #MAX_NAMES} names;
 * past that, answers are computed without being remembered. Thread-safe.
 */
final class HierarchyMatches {

    static final int MAX_NAMES = 200_000;

    private final List<TargetSpec> targets;
    private final TargetTypes targetTypes;
    /** Whether every target's class pattern is one exact name, so that its kind can be looked up. */
    private final boolean allExact;
    private final Answers bootstrap = new Answers(false);
    private final Map<ClassLoader, Answers> byLoader = new WeakHashMap<>();

    /** Looks up the targets' named classes through the class loaders' class files ({@link ClassHeader#find}). */
    HierarchyMatches(List<TargetSpec> targets) {
        this(targets, HierarchyMatches::isApplicationClass);
    }

    HierarchyMatches(List<TargetSpec> targets, TargetTypes targetTypes) {
        this.targets = List.copyOf(targets);
        this.targetTypes = targetTypes;
        this.allExact = !this.targets.isEmpty()
                && this.targets.stream().allMatch(t -> t.pattern().classPattern().indexOf('*') < 0);
    }

    /** What a class loader makes of a target's named type. */
    @FunctionalInterface
    interface TargetTypes {

        /**
         * Whether {@code loader} finds a class of this binary name that is neither an interface nor one of the
         * JDK's (found through the platform loader). False when it finds none, or cannot tell.
         */
        boolean isApplicationClass(String name, ClassLoader loader);
    }

    static boolean isApplicationClass(String name, ClassLoader loader) {
        if (loader == null || isJavaPlatform(name)
                || ClassLoader.getPlatformClassLoader().getResource(name.replace('.', '/') + ".class") != null) {
            return false;
        }
        ClassHeader header = ClassHeader.find(loader, name);
        return header != null && !header.isInterface();
    }

    /** One class loader's remembered answers, and whether its walks follow superclasses only. */
    private static final class Answers {
        final Map<String, Long> known = new ConcurrentHashMap<>();
        /** Null until the loader's first question decides it. */
        volatile Boolean superclassesOnly;

        Answers(Boolean superclassesOnly) {
            this.superclassesOnly = superclassesOnly;
        }
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
        Answers answers = answersOf(loader);
        Boolean superclassesOnly = answers.superclassesOnly;
        if (superclassesOnly == null) {
            superclassesOnly = onlySuperclassesLead(loader); // may run twice in a race: the same answer
            answers.superclassesOnly = superclassesOnly;
        }
        return new Walk<>(answers.known, supertypes, superclassesOnly).mask(type);
    }

    /** Whether every target names exactly a class that {@code loader} finds as an application class. */
    private boolean onlySuperclassesLead(ClassLoader loader) {
        if (!allExact) {
            return false;
        }
        for (TargetSpec target : targets) {
            if (!targetTypes.isApplicationClass(target.pattern().classPattern(), loader)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How to walk up from one form of a type.
     *
     * @param <T> the form: a Byte Buddy description, or a class file's header
     */
    interface Supertypes<T> {

        /** The type's binary name. */
        String name(T type);

        /**
         * Its direct supertypes (interfaces, then the superclass), or its superclass alone (none for an interface or
         * {@code Object}) when {@code interfaces} is false; throws when one cannot be resolved.
         */
        List<T> of(T type, boolean interfaces);
    }

    private static final Supertypes<TypeDefinition> DESCRIPTIONS = new Supertypes<>() {
        @Override
        public String name(TypeDefinition type) {
            return type.asErasure().getName();
        }

        @Override
        public List<TypeDefinition> of(TypeDefinition type, boolean interfaces) {
            TypeDescription.Generic superClass = type.getSuperClass();
            if (!interfaces) {
                return superClass == null ? List.of() : List.of(superClass);
            }
            List<TypeDefinition> supertypes = new ArrayList<>(type.getInterfaces());
            if (superClass != null) {
                supertypes.add(superClass);
            }
            return supertypes;
        }
    };

    private Answers answersOf(ClassLoader loader) {
        if (loader == null) {
            return bootstrap;
        }
        synchronized (byLoader) {
            return byLoader.computeIfAbsent(loader, l -> new Answers(null));
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
        /** Superclasses alone lead to a target, and never through a JDK type. */
        private final boolean superclassesOnly;
        private final Set<String> visiting = new HashSet<>();
        private boolean incomplete;

        Walk(Map<String, Long> known, Supertypes<T> supertypes, boolean superclassesOnly) {
            this.known = known;
            this.supertypes = supertypes;
            this.superclassesOnly = superclassesOnly;
        }

        long mask(T type) {
            String name = supertypes.name(type);
            boolean platform = isJavaPlatform(name);
            if (platform && superclassesOnly) {
                return 0;
            }
            Map<String, Long> known = platform ? bootstrap.known : this.known;
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
                for (T supertype : supertypes.of(type, !superclassesOnly)) {
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
