package io.predlog.agent.record;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises classes that a framework generates around the user's own: Spring and CGLIB subclasses, JDK dynamic
 * proxies, Byte Buddy, Javassist, Hibernate, Weld, Quarkus, Micronaut and Guice proxies. Such a class is never
 * instrumented (its call delegates to, or calls {@code super} into, the user's class, which is), and the default
 * {@code model_id} of a call whose {@code this} is one names the user's class instead.
 *
 * <p>Two signs, either enough: the naming conventions these generators use, and the marker interfaces their
 * classes implement. Both are plain string comparisons, run once per class.
 */
public final class GeneratedClasses {

    /** Parts of a binary name that only generated classes have. */
    private static final List<String> NAME_MARKERS = List.of(
            "$$SpringCGLIB$$", "$$EnhancerBySpringCGLIB$$", "$$EnhancerByCGLIB$$", "$$FastClassBySpringCGLIB$$",
            "$$FastClassByCGLIB$$", "$$EnhancerByGuice$$", "$$EnhancerByMockitoWithCGLIB$$", "$ByteBuddy$",
            "$MockitoMock$", "$HibernateProxy$", "$HibernateInstantiator$", "_$$_jvst", "$Proxy$_$$_Weld",
            "_ClientProxy", "_Subclass", "$Intercepted", "$$Lambda");

    /** Interfaces that generated proxies implement. */
    private static final List<String> MARKER_INTERFACES = List.of(
            "org.springframework.aop.SpringProxy", "org.springframework.cglib.proxy.Factory",
            "net.sf.cglib.proxy.Factory", "org.hibernate.proxy.HibernateProxy", "javassist.util.proxy.ProxyObject",
            "org.jboss.weld.proxy.WeldClientProxy", "org.jboss.weld.bean.proxy.ProxyObject",
            "io.quarkus.arc.ClientProxy", "io.quarkus.arc.Subclass", "io.micronaut.aop.Intercepted",
            "io.micronaut.aop.InterceptedProxy", "org.mockito.internal.creation.bytebuddy.MockAccess");

    private static final ClassValue<Class<?>> USER_CLASS = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
            Class<?> user = type;
            while (user.getSuperclass() != null && user.getSuperclass() != Object.class && isGenerated(user)) {
                user = user.getSuperclass();
            }
            return user;
        }
    };

    private GeneratedClasses() {
    }

    /**
     * Whether a class of this binary name, implementing these interfaces (directly), is generated around a
     * user's class.
     */
    public static boolean isGenerated(String binaryName, Iterable<String> interfaceNames) {
        if (isJdkProxyName(binaryName)) {
            return true;
        }
        for (String marker : NAME_MARKERS) {
            if (binaryName.contains(marker)) {
                return true;
            }
        }
        for (String name : interfaceNames) {
            if (MARKER_INTERFACES.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isGenerated(String, Iterable)} for a loaded class. */
    public static boolean isGenerated(Class<?> type) {
        if (Proxy.isProxyClass(type)) {
            return true;
        }
        List<String> names = new ArrayList<>();
        for (Class<?> anInterface : type.getInterfaces()) {
            names.add(anInterface.getName());
        }
        return isGenerated(type.getName(), names);
    }

    /** The user's class behind a generated one (its nearest superclass that is not generated), else itself. */
    public static Class<?> userClass(Class<?> type) {
        return USER_CLASS.get(type);
    }

    /** JDK dynamic proxies: {@code $Proxy12} in a {@code jdk.proxyN} module package, {@code com.sun.proxy}, or the caller's package. */
    private static boolean isJdkProxyName(String binaryName) {
        int dollar = binaryName.lastIndexOf(".$Proxy");
        int start = dollar < 0 ? (binaryName.startsWith("$Proxy") ? 0 : -1) : dollar + 1;
        if (start < 0 || start + 6 >= binaryName.length()) {
            return false;
        }
        for (int i = start + 6; i < binaryName.length(); i++) {
            if (!Character.isDigit(binaryName.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
