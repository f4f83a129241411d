package io.predlog.agent.bootstrap;

/**
 * Adds the current request's id to outbound HTTP calls. Implemented in the agent's isolated class loader; served
 * here, by the bootstrap class loader, because the advice that calls it is woven into JDK classes
 * ({@code java.net.http.HttpClient}'s implementation, {@code sun.net.www.protocol.http.HttpURLConnection}).
 */
public interface HttpPropagator {

    /**
     * On the calling thread, before {@code HttpClient.send}/{@code sendAsync}: the request to send instead, a copy
     * with the id headers added, or {@code request} itself when there is no request in progress or the
     * application set those headers.
     */
    Object withRequestId(Object request);

    /** On the calling thread, before an {@code HttpURLConnection} connects: sets the id headers it lacks. */
    void beforeConnect(Object connection);
}
