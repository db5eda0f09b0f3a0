package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A RESTCONF error as bierman02 reports it; the HTTP status follows from the error tag (contract B.0). */
final class RestconfError extends RuntimeException {

    final String type;
    final String tag;

    RestconfError(String type, String tag, String message) {
        super(message, null, false, false);
        this.type = type;
        this.tag = tag;
    }

    static RestconfError malformed(String message) {
        return new RestconfError("protocol", "malformed-message", message);
    }

    static RestconfError parsing(String message) {
        return malformed("Error parsing input: " + message);
    }

    static RestconfError invalidValue(String message) {
        return new RestconfError("protocol", "invalid-value", message);
    }

    static RestconfError unknownElement(String message) {
        return new RestconfError("protocol", "unknown-element", message);
    }

    static RestconfError dataMissing(String message) {
        return new RestconfError("protocol", "data-missing", message);
    }

    static RestconfError dataExists(String path) {
        return new RestconfError("protocol", "data-exists", "Data already exists for path: " + path);
    }

    int status() {
        return statusOf(tag);
    }

    static int statusOf(String tag) {
        switch (tag) {
            case "data-missing":
                return 404;
            case "data-exists": case "in-use": case "lock-denied": case "resource-denied":
                return 409;
            case "access-denied":
                return 403;
            case "operation-not-supported":
                return 501;
            case "operation-failed": case "partial-operation": case "rollback-failed":
                return 500;
            default:
                return 400;
        }
    }

    /** The inverse mapping, used when a test injects a bare status code. */
    static String tagOf(int status) {
        switch (status) {
            case 404: return "data-missing";
            case 409: return "data-exists";
            case 403: return "access-denied";
            case 501: return "operation-not-supported";
            case 400: return "malformed-message";
            default: return "operation-failed";
        }
    }

    JsonObject toJson() {
        JsonObject e = new JsonObject().put("error-type", type).put("error-tag", tag).put("error-message", getMessage());
        return new JsonObject().put("errors", new JsonObject().put("error", new JsonArray().add(e)));
    }
}
