package dev.dovs.engine.odl;

import dev.dovs.events.model.AddressRules;
import dev.dovs.events.model.Ipv4Cidr;

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

    /**
     * Why a controller at {@code host} can never answer, or null when it may: an IPv4-looking host that is no
     * valid address (e.g. {@code 999.1.1.1}), an address no host may hold ({@link AddressRules#hostProblem}; loopback
     * is fine, it is this host), an IPv6 multicast or unspecified literal, or a name that does not resolve.
     *
     * @param resolve name resolution (the system resolver in production); returns the addresses, throws
     *                {@link java.net.UnknownHostException} for a name that does not resolve
     */
    public static String unreachableProblem(String host, Resolver resolve) {
        if (host.matches("[0-9.]+")) {
            Ipv4Cidr ip;
            try {
                ip = Ipv4Cidr.parseAny(host + "/32");
            } catch (IllegalArgumentException e) {
                return "'" + host + "' is not a valid IPv4 address";
            }
            if (AddressRules.linkLocal(ip.address()) || (ip.address() >>> 24) == 127) {
                return null;
            }
            return AddressRules.hostProblem(ip.address()).map(p -> host + " cannot be a controller: " + p)
                    .orElse(null);
        }
        if (host.contains(":")) {
            try {
                java.net.InetAddress a = java.net.InetAddress.getByName(host); // a literal: no lookup
                if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
                    return host + " cannot be a controller: " + (a.isMulticastAddress() ? "a multicast address"
                            : "the unspecified address");
                }
                return null;
            } catch (java.net.UnknownHostException e) {
                return "'" + host + "' is not a valid IPv6 address";
            }
        }
        try {
            java.net.InetAddress[] all = resolve.resolve(host);
            return all.length == 0 ? "host name '" + host + "' does not resolve" : null;
        } catch (java.net.UnknownHostException e) {
            return "host name '" + host + "' does not resolve";
        }
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException;

        Resolver SYSTEM = java.net.InetAddress::getAllByName;
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
