package dev.dovs.engine.verticle;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Whether an address names this host. Literal addresses only: a name is never resolved (no DNS lookups). */
final class HostAddresses {
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private HostAddresses() {
    }

    /** Blocking (reads the interface table). */
    static boolean isLocal(String host) {
        if ("localhost".equals(host)) {
            return true;
        }
        if (!LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(host);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
