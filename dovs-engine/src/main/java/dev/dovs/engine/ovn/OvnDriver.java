package dev.dovs.engine.ovn;

import java.util.List;

/**
 * OVN as dovs drives it: ovn-nbctl(8) and ovn-sbctl(8) transactions against a database remote, and a node's
 * ovn-controller(8). Blocking: callers run it on worker threads. Every call is an argv list, never a shell.
 */
public interface OvnDriver {

    /**
     * One run of ovn-nbctl or ovn-sbctl: what was sent ({@code argv}) and what came back.
     *
     * @param exitCode   0 on success; ovn-nbctl exits 1 on a refused transaction and on a timeout
     * @param durationMs wall time of the run
     */
    record Exchange(List<String> argv, int exitCode, String stdout, String stderr, long durationMs) {
        public Exchange {
            argv = List.copyOf(argv);
        }

        public boolean ok() {
            return exitCode == 0;
        }

        /** The first line of stderr (ovn-nbctl's error), or the exit code when it printed nothing. */
        public String error() {
            String first = stderr == null ? "" : stderr.strip().lines().findFirst().orElse("");
            return first.isEmpty() ? "exit code " + exitCode : first.replaceFirst("^ovn-[ns]bctl: ", "");
        }
    }

    /**
     * Runs {@code ovn-nbctl --db=DB --timeout=T ARGS}: one NB transaction.
     *
     * @param db             an OVSDB remote: {@code unix:PATH}, {@code tcp:IP:PORT} or {@code ssl:IP:PORT}
     * @param timeoutSeconds ovn-nbctl gives up after this long (an unreachable database included), 1..3600
     */
    Exchange nbctl(String db, int timeoutSeconds, List<String> args);

    /** Runs {@code ovn-sbctl --db=DB --timeout=T ARGS}; see {@link #nbctl}. */
    Exchange sbctl(String db, int timeoutSeconds, List<String> args);

    /**
     * Configures the Open_vSwitch row and br-int of the node whose container has {@code pid} (through the host's
     * ovs-vsctl on its db socket) and starts ovn-controller in the container (its mount, network and pid
     * namespaces) when it does not run yet.
     */
    void startController(long pid, Chassis chassis);

    /** Asks a running ovn-controller to exit (it then removes its chassis from the SB); absent is fine. */
    void stopController(long pid);

    /**
     * What ovn-controller(8) reads from the node's Open_vSwitch row.
     *
     * @param name      system-id: the chassis name
     * @param sbRemote  ovn-remote, e.g. {@code tcp:172.18.0.2:6642}
     * @param encapType {@code geneve} or {@code vxlan}
     * @param encapIp   the node's tunnel address
     * @param lab       the lab's mark, on br-int and as {@code ovn-cms-options=dovs-lab=LAB} (copied to the SB)
     */
    record Chassis(String name, String sbRemote, String encapType, String encapIp, String lab) {
    }
}
