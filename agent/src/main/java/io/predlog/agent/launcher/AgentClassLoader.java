package io.predlog.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and its relocated libraries from the {@code inst/} folder of the agent jar,
 * where they are stored as {@code .classdata} so that no other class loader can find them. Its parent is the
 * platform class loader: it sees the JDK and the bootstrap-served bridge, never the application's classes,
 * and the application never sees it.
 */
final class AgentClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "inst/";

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    AgentClassLoader(File jarFile, ClassLoader parent) throws IOException {
        super("predlog", parent);
        this.jar = new JarFile(jarFile, false);
        URL url = jarFile.toURI().toURL();
        this.jarUrl = "jar:" + url.toExternalForm() + "!/";
        this.protectionDomain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = read(in, entry.getSize());
            definePackageFor(name);
            return defineClass(name, bytes, 0, bytes.length, protectionDomain);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /**
     * The entry's bytes in one array of its size: {@code readAllBytes} would fill and copy buffers of its own for
     * each of the thousands of classes loaded at start-up (tens of megabytes of garbage, and of resident heap).
     */
    private static byte[] read(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n != bytes.length || in.read() != -1) {
            throw new IOException("class data of " + size + " bytes read as " + n + (n == size ? " and more" : ""));
        }
        return bytes;
    }

    private void definePackageFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // defined by a parallel load
                }
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        String stored = name.endsWith(".class")
                ? name.substring(0, name.length() - ".class".length()) + ".classdata" : name;
        if (jar.getJarEntry(PREFIX + stored) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + PREFIX + stored);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
