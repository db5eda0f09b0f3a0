package dev.dovs.engine.ovn;

import dev.dovs.engine.exec.CommandException;
import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.events.model.LabNaming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OvnDriver} with the host's ovn-nbctl/ovn-sbctl (Debian's {@code ovn-common}) and ovs-vsctl, and
 * {@code nsenter} to start ovn-controller inside a node container (no docker exec, no shell).
 */
public final class CtlOvnDriver implements OvnDriver {
    /** The internal port of a bridge gets this ofport only when the datapath really exists. */
    private static final String LOCAL_OFPORT = "65534";
    private final ProcessRunner runner;

    public CtlOvnDriver(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public Exchange nbctl(String db, int timeoutSeconds, List<String> args) {
        return ctl("ovn-nbctl", db, timeoutSeconds, args);
    }

    @Override
    public Exchange sbctl(String db, int timeoutSeconds, List<String> args) {
        return ctl("ovn-sbctl", db, timeoutSeconds, args);
    }

    private Exchange ctl(String tool, String db, int timeoutSeconds, List<String> args) {
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            throw new IllegalArgumentException("timeout must be 1..3600 s, not " + timeoutSeconds);
        }
        List<String> argv = new ArrayList<>(List.of(tool, "--db=" + db, "--timeout=" + timeoutSeconds));
        argv.addAll(args);
        long t0 = System.nanoTime();
        // ovn-nbctl bounds itself (--timeout); the runner's own bound only catches a hung process.
        ProcessRunner.Result r = runner.run(argv, null, Duration.ofSeconds(timeoutSeconds + 5L));
        return new Exchange(argv, r.exitCode(), r.stdout(), r.stderr(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static List<String> vsctl(long pid, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:/proc/" + pid
                + "/root/run/openvswitch/db.sock", "--timeout=20"));
        argv.addAll(List.of(args));
        return argv;
    }

    private static List<String> inNode(long pid, String... args) {
        // mount (the container's binaries and /run), uts, ipc, net and pid namespaces: the daemon lives and dies
        // with the container.
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(pid), "-m", "-u", "-i", "-n",
                "-p"));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public void startController(long pid, Chassis c) {
        String mark = "external_ids:" + LabNaming.OVS_MARK + "=" + c.lab();
        runner.check(vsctl(pid, "--", "--may-exist", "add-br", "br-int",
                "--", "set", "Bridge", "br-int", "datapath_type=netdev", "fail_mode=secure", mark,
                "--", "set", "Open_vSwitch", ".", mark,
                "external_ids:system-id=" + c.name(),
                "external_ids:ovn-remote=" + c.sbRemote(),
                "external_ids:ovn-encap-type=" + c.encapType(),
                "external_ids:ovn-encap-ip=" + c.encapIp(),
                "external_ids:ovn-bridge-datapath-type=netdev",
                "external_ids:ovn-cms-options=\"" + LabNaming.OVS_MARK + "=" + c.lab() + "\""));
        String ofport = runner.check(vsctl(pid, "get", "Interface", "br-int", "ofport")).stdout().strip();
        if (!LOCAL_OFPORT.equals(ofport)) {
            throw new IllegalStateException("bridge br-int has no datapath (ofport " + ofport + ")");
        }
        if (controllerRunning(pid)) {
            return;
        }
        runner.check(inNode(pid, "mkdir", "-p", "/run/ovn", "/var/log/ovn"));
        runner.check(inNode(pid, "ovn-controller", "unix:/run/openvswitch/db.sock",
                "--pidfile=/run/ovn/ovn-controller.pid", "--log-file=/var/log/ovn/ovn-controller.log",
                "--detach", "--no-chdir"));
    }

    private static boolean controllerRunning(long pid) {
        Path pidfile = Path.of("/proc/" + pid + "/root/run/ovn/ovn-controller.pid");
        try {
            if (!Files.exists(pidfile)) {
                return false;
            }
            // the pid is one of the container's pid namespace: look for a process of that name in the node
            String inner = Files.readString(pidfile).strip();
            for (Path task : Files.newDirectoryStream(Path.of("/proc/" + pid + "/root/proc"))) {
                if (task.getFileName().toString().equals(inner)) {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    return comm.equals("ovn-controller");
                }
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void stopController(long pid) {
        try {
            runner.run(inNode(pid, "ovn-appctl", "-t", "ovn-controller", "--timeout=5", "exit"), null,
                    Duration.ofSeconds(10));
        } catch (CommandException e) {
            // the node is gone or the daemon did not answer: the SB sweep removes the chassis
        }
    }
}
