package io.predlog.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Where a request leaves the JVM through the JDK's HTTP clients, and what predlog weaves there so that the call
 * carries the request's id.
 *
 * <table>
 *   <caption>outbound points</caption>
 *   <tr><th>class</th><th>method</th><th>what changes</th></tr>
 *   <tr><td>{@code jdk.internal.net.http.HttpClientFacade}, {@code HttpClientImpl} (what
 *       {@code HttpClient.newHttpClient()} and its builder return)</td>
 *       <td>public {@code send}, {@code sendAsync}</td><td>the {@code HttpRequest} argument is replaced by a copy
 *       with the headers (requests are immutable)</td></tr>
 *   <tr><td>{@code sun.net.www.protocol.http.HttpURLConnection}, and for https
 *       {@code sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection}</td><td>{@code connect()},
 *       {@code getInputStream()}, {@code getOutputStream()} (the last two mark the connection as connecting before
 *       they call {@code connect()}, so they are woven too; {@code getResponseCode()} goes through
 *       {@code getInputStream()})</td>
 *       <td>request properties, set before the connection is made</td></tr>
 * </table>
 *
 * <p>The facade delegates to the implementation, so a call passes two woven methods; the second finds the
 * headers present and leaves the request alone. These classes may be loaded before the agent starts, so they are
 * retransformed; no class format changes.
 */
public final class HttpHandOffs {

    private static final String CLIENT_FACADE = "jdk.internal.net.http.HttpClientFacade";
    private static final String CLIENT_IMPL = "jdk.internal.net.http.HttpClientImpl";
    private static final String URL_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    private static final String HTTPS_URL_CONNECTION = "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";
    /** The classes woven here, by name. */
    static final Set<String> TYPES = Set.of(CLIENT_FACADE, CLIENT_IMPL, URL_CONNECTION, HTTPS_URL_CONNECTION);

    private HttpHandOffs() {
    }

    /**
     * Adds the outbound points of the JDK's HTTP clients to what is woven into the JDK's classes, by class name
     * ({@link JdkInstrumentation}).
     */
    static void weave(Map<String, UnaryOperator<DynamicType.Builder<?>>> weaves) {
        ClassFileLocator locator = AdviceTypes.LOCATOR;
        Advice replaceRequest = Advice.to(AdviceTypes.of(HttpAdvice.ReplaceRequest.class), locator);
        Advice beforeConnect = Advice.to(AdviceTypes.of(HttpAdvice.BeforeConnect.class), locator);

        UnaryOperator<DynamicType.Builder<?>> client = builder -> builder
                .visit(replaceRequest.on(isPublic().and(named("send").or(named("sendAsync")))
                        .and(takesArgument(0, named("java.net.http.HttpRequest")))));
        UnaryOperator<DynamicType.Builder<?>> connection = builder -> builder
                .visit(beforeConnect.on(named("connect").or(named("getInputStream")).or(named("getOutputStream"))
                        .and(takesArguments(0))));
        weaves.put(CLIENT_FACADE, client);
        weaves.put(CLIENT_IMPL, client);
        weaves.put(URL_CONNECTION, connection);
        weaves.put(HTTPS_URL_CONNECTION, connection);
    }
}
