package dev.dovs.engine.odl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where ODL's RESTCONF northbound listens and how to authenticate.
 *
 * <p>{@link #toString()} deliberately omits the password: endpoints end up in logs and events.
 */
public record OdlEndpoint(String host, int port, String user, String password) {

    public static final int DEFAULT_PORT = 8181;
    public static final String DEFAULT_USER = "admin";
    public static final String DEFAULT_PASSWORD = "admin";

    // Hostnames, IPv4 literals and (inside brackets) IPv6 literals; nothing that could smuggle a path or userinfo.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public OdlEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid ODL host '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid ODL port " + port + ": must be between 1 and 65535");
        }
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("invalid ODL user '" + user + "': must be non-empty without ':'");
        }
    }

    /** Default credentials (admin:admin), as shipped by ODL. */
    public static OdlEndpoint parse(String hostPort) {
        return parse(hostPort, DEFAULT_USER, DEFAULT_PASSWORD);
    }

    /** Parses {@code HOST[:PORT]}; IPv6 literals must be bracketed ({@code [::1]:8181}). */
    public static OdlEndpoint parse(String hostPort, String user, String password) {
        if (hostPort == null || hostPort.isBlank()) {
            throw new IllegalArgumentException("ODL address must not be empty (expected HOST[:PORT])");
        }
        String s = hostPort.trim();
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("ODL address '" + s + "': missing ']' after IPv6 literal");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("ODL address '" + s + "': expected ':PORT' after ']'");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("ODL address '" + s + "': IPv6 literals need brackets, e.g. [::1]:8181");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("ODL address '" + s + "': host is empty");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw new IllegalArgumentException(
                        "ODL address '" + s + "': port '" + portText + "' is not a number between 1 and 65535");
            }
            port = Integer.parseInt(portText);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("ODL address '" + s + "': invalid host '" + host + "'");
        }
        return new OdlEndpoint(host, port, user, password);
    }

    /** {@code host:port}, with IPv6 literals bracketed. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The Authorization header value. Package-private so it never reaches callers that log. */
    String basicAuthorization() {
        String raw = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "OdlEndpoint[" + user + "@" + hostPort() + "]";
    }
}
