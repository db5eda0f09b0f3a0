package dev.dovs.engine.odl.fake;

/**
 * An injected misbehaviour for requests whose method and path match: answer a status (401, 409, 500, ...)
 * and/or answer only after a delay.
 *
 * @param method     HTTP method to match, or null for any
 * @param pathPrefix the request path must start with this
 * @param status     status to answer instead of the real one, or 0 to answer normally (after the delay)
 * @param delayMs    pause before answering
 * @param times      how many requests it applies to; negative = all
 */
public record Fault(String method, String pathPrefix, int status, long delayMs, int times) {

    public static Fault status(String method, String pathPrefix, int status) {
        return new Fault(method, pathPrefix, status, 0, -1);
    }

    public static Fault delay(String method, String pathPrefix, long delayMs) {
        return new Fault(method, pathPrefix, 0, delayMs, -1);
    }

    public Fault times(int n) {
        return new Fault(method, pathPrefix, status, delayMs, n);
    }

    boolean matches(String m, String path) {
        return (method == null || method.equalsIgnoreCase(m)) && path.startsWith(pathPrefix);
    }
}
