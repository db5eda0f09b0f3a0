package dev.dovs.engine.odl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** A failed ODL request. The message is always one line naming the request and ODL's reason. */
public final class OdlException extends RuntimeException {

    /** What went wrong, so callers can branch without parsing messages. */
    public enum Kind {
        TIMEOUT, CONNECTION_REFUSED,
        /** The request never left this host: the name does not resolve, no route, or the connect timed out. */
        UNREACHABLE,
        IO, UNAUTHORIZED, NOT_FOUND, CONFLICT, BAD_REQUEST,
        /** 400 on an {@code itm:} path: the genius module (ITM) is not installed in this ODL. */
        GENIUS_MISSING,
        SERVER_ERROR, HTTP, BAD_RESPONSE, BINDING_TIMEOUT,
        /** A bounded wait for ODL to finish something (release a port, make a subnetmap, delete a VPN) ran out. */
        WAIT_TIMEOUT
    }

    private final Kind kind;
    private final int status;
    private final String method;
    private final String path;
    private final String errorTag;

    private OdlException(Kind kind, int status, String method, String path, String errorTag, String detail,
                         Throwable cause) {
        super(oneLine(method + " " + path + " -> " + detail), cause);
        this.kind = kind;
        this.status = status;
        this.method = method;
        this.path = path;
        this.errorTag = errorTag;
    }

    public Kind kind() { return kind; }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() { return status; }

    public String method() { return method; }

    public String path() { return path; }

    /** RESTCONF {@code error-tag} (e.g. {@code data-exists}), or null if ODL sent none. */
    public String errorTag() { return errorTag; }

    public boolean isGeniusMissing() { return kind == Kind.GENIUS_MISSING; }

    static OdlException transport(String method, String path, Throwable t, long timeoutMs, String hostPort) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.UnknownHostException) {
                return new OdlException(Kind.UNREACHABLE, 0, method, path, null,
                        "ODL host of " + hostPort + " does not resolve", t);
            }
            if (c instanceof java.net.NoRouteToHostException) {
                return new OdlException(Kind.UNREACHABLE, 0, method, path, null, "no route to " + hostPort, t);
            }
            if (c.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return new OdlException(Kind.UNREACHABLE, 0, method, path, null,
                        "could not connect to " + hostPort + " (connect timed out: is ODL running?)", t);
            }
            if (c instanceof TimeoutException) {
                return new OdlException(Kind.TIMEOUT, 0, method, path, null,
                        "no answer from " + hostPort + " within " + timeoutMs + " ms", t);
            }
            if (c instanceof ConnectException) {
                return new OdlException(Kind.CONNECTION_REFUSED, 0, method, path, null,
                        "connection refused by " + hostPort + " (is ODL running?)", t);
            }
        }
        return new OdlException(Kind.IO, 0, method, path, null, "I/O error talking to " + hostPort + ": " + t, t);
    }

    static OdlException http(String method, String path, int status, String body) {
        String tag = null;
        String message = null;
        try {
            JsonArray errors = new JsonObject(body).getJsonObject("errors").getJsonArray("error");
            JsonObject first = errors.getJsonObject(0);
            tag = first.getString("error-tag");
            message = first.getString("error-message");
        } catch (DecodeException | NullPointerException | ClassCastException | IndexOutOfBoundsException e) {
            // Not RESTCONF error JSON (e.g. an HTML page from Jetty); fall back to the raw text below.
        }
        if (message == null) {
            message = body == null || body.isBlank() ? "(no error message)" : OdlExchange.truncate(body);
        }
        boolean itm = path.contains("/itm:");
        Kind kind;
        if (status == 400 && itm && ("GET".equals(method) || "unknown-element".equals(tag))) {
            kind = Kind.GENIUS_MISSING;
            message = "genius (ITM) is not installed in ODL: " + message;
        } else {
            kind = switch (status) {
                case 400 -> Kind.BAD_REQUEST;
                case 401 -> Kind.UNAUTHORIZED;
                case 404 -> Kind.NOT_FOUND;
                case 409 -> Kind.CONFLICT;
                default -> status >= 500 ? Kind.SERVER_ERROR : Kind.HTTP;
            };
        }
        if (status == 401) {
            message = "unauthorized, check the ODL user and password";
        }
        String detail = status + (tag == null ? "" : " " + tag) + ": " + message;
        return new OdlException(kind, status, method, path, tag, detail, null);
    }

    static OdlException badResponse(String method, String path, int status, String why) {
        return new OdlException(Kind.BAD_RESPONSE, status, method, path, null, "unexpected answer: " + why, null);
    }

    static OdlException bindingTimeout(String path, String tap, String portUuid, long waitedMs, String lastSeen) {
        return new OdlException(Kind.BINDING_TIMEOUT, 0, "GET", path, null,
                tap + " was not set as parent interface of " + portUuid + " within " + waitedMs + " ms (last seen: "
                        + (lastSeen == null ? "none" : lastSeen) + ")", null);
    }

    static OdlException waitTimeout(String path, String what, long waitedMs) {
        return new OdlException(Kind.WAIT_TIMEOUT, 0, "GET", path, null, what + " after " + waitedMs + " ms", null);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
