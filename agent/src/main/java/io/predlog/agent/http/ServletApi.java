package io.predlog.agent.http;

import java.lang.reflect.Method;

/**
 * The Servlet API, {@code javax.servlet} and {@code jakarta.servlet} alike: the request is an
 * {@code HttpServletRequest}, the response the call's second argument, an {@code HttpServletResponse}. Neither is
 * on predlog's class path; the methods are the public interface methods found through the application's own
 * classes, looked up once per class.
 */
final class ServletApi extends ServerApi {

    static final String[] NAMESPACES = {"jakarta.servlet", "javax.servlet"};
    static final String REQUEST = ".http.HttpServletRequest";
    private static final String RESPONSE = ".http.HttpServletResponse";

    private final String responseType;
    private final Method getHeader;
    private final ClassValue<Method[]> responseMethods = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Class<?> response = find(type, responseType);
            if (response == null) {
                return null;
            }
            try {
                return new Method[] {response.getMethod("isCommitted"), response.getMethod("containsHeader", String.class),
                        response.getMethod("setHeader", String.class, String.class)};
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }
    };

    ServletApi(String namespace, Class<?> requestInterface) throws NoSuchMethodException {
        this.responseType = namespace + RESPONSE;
        this.getHeader = requestInterface.getMethod("getHeader", String.class);
    }

    @Override
    String header(Object request, String name) {
        try {
            Object value = getHeader.invoke(request, name);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    @Override
    void setIfAbsent(Object[] args, String name, String value) {
        if (args.length < 2 || args[1] == null) {
            return;
        }
        Object response = args[1];
        Method[] methods = responseMethods.get(response.getClass());
        if (methods == null) {
            return;
        }
        try {
            if (Boolean.TRUE.equals(methods[0].invoke(response)) || Boolean.TRUE.equals(methods[1].invoke(response, name))) {
                return;
            }
            methods[2].invoke(response, name, value);
        } catch (ReflectiveOperationException e) {
            // the response keeps what the application made of it
        }
    }
}
