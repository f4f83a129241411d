package io.predlog.agent.http;


/**
 * How predlog reads a request header from, and sets a response header on, the arguments of an HTTP server's entry
 * call. One implementation per server API, chosen by the runtime class of the first argument and cached per
 * class. The Servlet API is not on predlog's class path: it is reached through the application's own classes.
 */
abstract class ServerApi {

    private static final ServerApi NONE = new ServerApi() {
        @Override
        String header(Object request, String name) {
            return null;
        }

        @Override
        void setIfAbsent(Object[] args, String name, String value) {
        }
    };

    private static final ClassValue<ServerApi> BY_REQUEST_TYPE = new ClassValue<>() {
        @Override
        protected ServerApi computeValue(Class<?> type) {
            return resolve(type);
        }
    };

    /** The API whose request type {@code request} is, or an API that reads and writes nothing. */
    static ServerApi of(Object request) {
        return request == null ? NONE : BY_REQUEST_TYPE.get(request.getClass());
    }

    /** Whether this API recognised the request type. */
    boolean recognised() {
        return this != NONE;
    }

    /** The request's first value of header {@code name} (case-insensitive), or null. */
    abstract String header(Object request, String name);

    /**
     * Sets response header {@code name} to {@code value} unless the response already has it or is committed;
     * {@code args} are the entry call's arguments (the response is the exchange itself, or the second argument).
     */
    abstract void setIfAbsent(Object[] args, String name, String value);

    private static ServerApi resolve(Class<?> type) {
        if (find(type, JdkHttpExchange.TYPE) != null) {
            return new JdkHttpExchange();
        }
        for (String namespace : ServletApi.NAMESPACES) {
            Class<?> requestInterface = find(type, namespace + ServletApi.REQUEST);
            if (requestInterface != null) {
                try {
                    return new ServletApi(namespace, requestInterface);
                } catch (ReflectiveOperationException | RuntimeException unusable) {
                    return NONE;
                }
            }
        }
        return NONE;
    }

    /** The supertype of {@code type} (itself included) with that name, or null. */
    static Class<?> find(Class<?> type, String name) {
        if (type == null) {
            return null;
        }
        if (type.getName().equals(name)) {
            return type;
        }
        for (Class<?> anInterface : type.getInterfaces()) {
            Class<?> found = find(anInterface, name);
            if (found != null) {
                return found;
            }
        }
        return find(type.getSuperclass(), name);
    }
}
