package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.HttpBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into the JDK's HTTP clients ({@link HttpHandOffs}). Inlined into JDK classes, so it refers only to
 * the bootstrap-defined {@link HttpBridge}; {@code suppress} keeps any failure of its own from the application.
 */
final class HttpAdvice {

    private HttpAdvice() {
    }

    /** {@code HttpClient.send}/{@code sendAsync}: the request argument becomes a copy carrying the id headers. */
    static final class ReplaceRequest {
        private ReplaceRequest() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                          Object request) {
            request = HttpBridge.withRequestId(request);
        }
    }

    /**
     * {@code HttpURLConnection.connect()}, {@code getInputStream()}, {@code getOutputStream()}: the id headers are
     * set while the request can still take them.
     */
    static final class BeforeConnect {
        private BeforeConnect() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object connection) {
            HttpBridge.beforeConnect(connection);
        }
    }
}
