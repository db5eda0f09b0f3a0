package dev.dovs.engine.odl;

/**
 * One RESTCONF request and its outcome, handed to the caller so it can be recorded as an event.
 *
 * <p>Never contains credentials: the Authorization header is not part of it.
 *
 * @param requestBody  the JSON sent, or null for GET/DELETE
 * @param status       the HTTP status, or 0 when no response arrived (timeout, refused connection)
 * @param responseBody the response text truncated to {@link #MAX_BODY} characters, or null without a response
 */
public record OdlExchange(String method, String path, String requestBody, int status, String responseBody,
                          long durationMs) {

    public static final int MAX_BODY = 4096;

    static String truncate(String body) {
        if (body == null || body.length() <= MAX_BODY) {
            return body;
        }
        return body.substring(0, MAX_BODY) + "...[truncated " + (body.length() - MAX_BODY) + " chars]";
    }
}
