package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonObject;

import java.util.Set;

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

    private static final Set<String> FIELDS = Set.of("method", "pathPrefix", "status", "delayMs", "times");

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

    /**
     * Reads the body of {@code POST /fake/faults}: {@code {"method":"PUT"|null, "pathPrefix":"/restconf/...",
     * "status":500, "delayMs":0, "times":-1}}; status, delayMs and times may be left out (0, 0, -1). Strict on
     * purpose: a misspelt field would otherwise give a fault that silently never (or always) fires.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Fault fromJson(JsonObject json) {
        for (String k : json.fieldNames()) {
            if (!FIELDS.contains(k)) {
                throw new IllegalArgumentException("unknown field '" + k + "', expected some of " + FIELDS);
            }
        }
        Object method = json.getValue("method");
        if (method != null && !(method instanceof String && ((String) method).matches("[A-Za-z]+"))) {
            throw new IllegalArgumentException("method must be an HTTP method name or null, got " + method);
        }
        Object prefix = json.getValue("pathPrefix");
        if (!(prefix instanceof String) || !((String) prefix).startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must be a string starting with '/', got " + prefix);
        }
        long status = integer(json, "status", 0);
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 (answer normally) or 400..599, got " + status);
        }
        long delayMs = integer(json, "delayMs", 0);
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must not be negative, got " + delayMs);
        }
        if (status == 0 && delayMs == 0) {
            throw new IllegalArgumentException("a fault needs a status or a delayMs, else it changes nothing");
        }
        long times = integer(json, "times", -1);
        String m = method == null ? null : ((String) method).toUpperCase();
        return new Fault(m, (String) prefix, (int) status, delayMs, (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, times)));
    }

    JsonObject toJson() {
        return new JsonObject().put("method", method).put("pathPrefix", pathPrefix).put("status", status)
                .put("delayMs", delayMs).put("times", times);
    }

    private static long integer(JsonObject json, String field, long absent) {
        Object v = json.getValue(field);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != ((Number) v).longValue()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return ((Number) v).longValue();
    }
}
