package io.predlog.agent.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

    /**
     * Called through method handles made once: {@code Method.invoke} would walk the caller's stack for its access
     * check on every request.
     */
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    private final String responseType;
    private final MethodHandle getHeader;
    private final ClassValue<Response> responses = new ClassValue<>() {
        @Override
        protected Response computeValue(Class<?> type) {
            Class<?> response = find(type, responseType);
            if (response == null) {
                return null;
            }
            try {
                return new Response(
                        handle(response.getMethod("isCommitted"), MethodType.methodType(boolean.class, Object.class)),
                        handle(response.getMethod("containsHeader", String.class),
                                MethodType.methodType(boolean.class, Object.class, String.class)),
                        handle(response.getMethod("setHeader", String.class, String.class),
                                MethodType.methodType(void.class, Object.class, String.class, String.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    /** The response methods of one response class. */
    private record Response(MethodHandle isCommitted, MethodHandle containsHeader, MethodHandle setHeader) {
    }

    ServletApi(String namespace, Class<?> requestInterface) throws ReflectiveOperationException {
        this.responseType = namespace + RESPONSE;
        this.getHeader = handle(requestInterface.getMethod("getHeader", String.class),
                MethodType.methodType(Object.class, Object.class, String.class));
    }

    private static MethodHandle handle(Method method, MethodType type) throws IllegalAccessException {
        return LOOKUP.unreflect(method).asType(type);
    }

    @Override
    String header(Object request, String name) {
        try {
            Object value = (Object) getHeader.invokeExact(request, name);
            return value == null ? null : value.toString();
        } catch (Throwable e) {
            return null;
        }
    }

    @Override
    void setIfAbsent(Object[] args, String name, String value) {
        if (args.length < 2 || args[1] == null) {
            return;
        }
        Object response = args[1];
        Response methods = responses.get(response.getClass());
        if (methods == null) {
            return;
        }
        try {
            if ((boolean) methods.isCommitted().invokeExact(response)
                    || (boolean) methods.containsHeader().invokeExact(response, name)) {
                return;
            }
            methods.setHeader().invokeExact(response, name, value);
        } catch (Throwable e) {
            // the response keeps what the application made of it
        }
    }
}
