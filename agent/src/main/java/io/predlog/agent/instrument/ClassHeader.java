package io.predlog.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a class file gives before its fields and methods: its own, its superclass's and its interfaces'. Reading
 * them walks the constant pool once and decodes those names only ({@link ConstantPool}), a fraction of what
 * describing the whole class costs, which is what deciding whether a loading class could be a target needs
 * ({@link TargetPrefilter}).
 *
 * @param name       binary name ({@code a.b.C$D})
 * @param superName  the superclass's binary name ({@code java.lang.Object} for an interface, as its class file
 *                   gives it); null only for {@code java.lang.Object} itself
 * @param interfaces the direct interfaces' binary names
 * @param isInterface whether the class file is an interface's (an annotation's included)
 */
record ClassHeader(String name, String superName, List<String> interfaces, boolean isInterface) {

    private static final int ACC_INTERFACE = 0x0200;

    /** The header of a class file; throws {@link IllegalArgumentException} when the bytes are not one. */
    static ClassHeader of(byte[] classFile) {
        ConstantPool pool = ConstantPool.of(classFile);
        int p = pool.end(); // access flags, this class, superclass, interfaces
        int access = pool.u2(p);
        int superIndex = pool.u2(p + 4);
        String[] interfaces = new String[pool.u2(p + 6)];
        for (int i = 0; i < interfaces.length; i++) {
            interfaces[i] = pool.className(pool.u2(p + 8 + 2 * i));
        }
        return new ClassHeader(pool.className(pool.u2(p + 2)), superIndex == 0 ? null : pool.className(superIndex),
                switch (interfaces.length) { // most classes have none or one: no copy for those
                    case 0 -> List.of();
                    case 1 -> List.of(interfaces[0]);
                    default -> List.of(interfaces);
                }, (access & ACC_INTERFACE) != 0);
    }

    /**
     * Walks up from this header by name, reading each supertype's class file through a class loader (null: the
     * bootstrap loader, read through the platform loader, which delegates to it; a {@code java.*} type likewise,
     * whatever the loader) only when the walk needs it, that is when the supertype's answer is not remembered
     * yet. A supertype whose class file cannot be read throws, as {@link HierarchyMatches.Supertypes#of} asks.
     */
    HierarchyMatches.Supertypes<String> supertypesThrough(ClassLoader loader) {
        ClassLoader reader = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
        ClassHeader first = this;
        return new HierarchyMatches.Supertypes<>() {
            @Override
            public String name(String type) {
                return type;
            }

            @Override
            public List<String> of(String type, boolean interfaces) {
                ClassHeader header = type.equals(first.name()) ? first
                        : read(HierarchyMatches.isJavaPlatform(type) ? ClassLoader.getPlatformClassLoader() : reader,
                                type);
                if (!interfaces) {
                    return header.superName() == null ? List.of() : List.of(header.superName());
                }
                if (header.superName() == null) {
                    return header.interfaces();
                }
                List<String> supertypes = new ArrayList<>(header.interfaces().size() + 1);
                supertypes.addAll(header.interfaces());
                supertypes.add(header.superName());
                return supertypes;
            }
        };
    }

    /**
     * The header of the class of this binary name as {@code loader} finds its class file (null: the bootstrap
     * loader, read through the platform loader), or null when it finds none or the bytes are not a class file.
     */
    static ClassHeader find(ClassLoader loader, String name) {
        try {
            return read(loader == null ? ClassLoader.getPlatformClassLoader() : loader, name);
        } catch (RuntimeException notFound) {
            return null;
        }
    }

    private static ClassHeader read(ClassLoader loader, String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + name);
            }
            return of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
