package dev.dovs.engine.ovn;

import java.util.regex.Pattern;

/**
 * An OVSDB active remote as ovn-nbctl(8) and ovn-controller(8) take it: {@code tcp:IP:PORT} or
 * {@code ssl:IP:PORT} (IPv4 literal, port 1..65535; no host names: nodes resolve nothing), or {@code unix:PATH}
 * (the host's side only).
 */
public final class OvnRemote {
    private static final Pattern TCP = Pattern.compile("(tcp|ssl):(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");
    private static final Pattern UNIX = Pattern.compile("unix:/[A-Za-z0-9_./-]{1,200}");

    private OvnRemote() {
    }

    /**
     * @param option the option that gave it, for the message
     * @throws IllegalArgumentException when {@code remote} is not such a remote
     */
    public static void check(String remote, String option) {
        var m = TCP.matcher(remote == null ? "" : remote);
        if (m.matches()) {
            for (String octet : m.group(2).split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw invalid(remote, option);
                }
            }
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw invalid(remote, option);
            }
            return;
        }
        if (remote != null && UNIX.matcher(remote).matches() && !remote.contains("..")) {
            return;
        }
        throw invalid(remote, option);
    }

    private static IllegalArgumentException invalid(String remote, String option) {
        return new IllegalArgumentException(option + " must be tcp:IP:PORT, ssl:IP:PORT or unix:PATH, not '"
                + remote + "'");
    }
}
