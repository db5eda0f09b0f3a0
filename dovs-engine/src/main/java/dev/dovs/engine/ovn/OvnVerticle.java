package dev.dovs.engine.ovn;

import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.core.Orchestrator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.verticle.SubsystemVerticle;
import dev.dovs.events.Action;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * OVN's databases and the nodes' ovn-controllers, through {@link OvnDriver} on worker threads. Every ovn-nbctl and
 * ovn-sbctl run of a step (what was sent, what came back) goes to {@code exchanges} with the step's id, so the log
 * holds the whole conversation with OVN. A lab's own central is reached through its containers' unix sockets from
 * the host, and at its mgmt address from the nodes.
 */
public final class OvnVerticle extends SubsystemVerticle {
    /** How long one NB or SB transaction may take, an unreachable database included. */
    static final int TRANSACTION_TIMEOUT_SECONDS = 10;
    private static final long POLL_MS = 50;
    private final OvnDriver ovn;
    private final DockerDriver docker;
    private final NodeLocator nodes;
    private final BiConsumer<String, OvnDriver.Exchange> exchanges;
    private final Map<String, Watch> watches = new HashMap<>();

    /** Publishes every exchange to the orchestrator, which logs it as {@code step.ovn-exchanged}. */
    public OvnVerticle(OvnDriver ovn, DockerDriver docker) {
        this(ovn, docker, null);
    }

    /** @param exchanges receives (step id, exchange) for every database run, on worker threads; null: the log */
    public OvnVerticle(OvnDriver ovn, DockerDriver docker, BiConsumer<String, OvnDriver.Exchange> exchanges) {
        this.ovn = ovn;
        this.docker = docker;
        this.nodes = new NodeLocator(docker);
        this.exchanges = exchanges != null ? exchanges
                : (step, x) -> vertx.eventBus().send(Orchestrator.EXCHANGES, exchanged(step, x));
    }

    /** The log's form of an exchange: the argv as run, exit code, stdout then stderr (at most 4096 characters). */
    static StepEvent.OvnExchanged exchanged(String step, OvnDriver.Exchange x) {
        String out = x.stdout().strip();
        String err = x.stderr().strip();
        String output = err.isEmpty() ? out : out.isEmpty() ? err : out + "\n" + err;
        return new StepEvent.OvnExchanged(step, x.argv(), x.exitCode(), truncate(output), x.durationMs());
    }

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.OVN;
    }

    @Override
    protected Future<StepResult> apply(Action action) {
        return Future.failedFuture(unsupported(action));
    }

    @Override
    protected Future<StepResult> apply(ActionRequest request) {
        return dispatch(request).recover(e -> Future.failedFuture(e instanceof CentralGoneException
                ? new CreatedNothingException(e.getMessage()) : e));
    }

    private Future<StepResult> dispatch(ActionRequest request) {
        String step = request.stepId();
        Action action = request.action();
        if (action instanceof Action.OvnStartCentral a) {
            return startCentral(a);
        } else if (action instanceof Action.OvnNbTransact a) {
            return transact(step, a);
        } else if (action instanceof Action.OvnStartController a) {
            return startController(step, a);
        } else if (action instanceof Action.OvnRemoveChassis a) {
            return removeChassis(step, a);
        } else if (action instanceof Action.OvnAwaitBinding a) {
            return awaitBinding(step, a);
        } else if (action instanceof Action.OvnSweep a) {
            return sweep(step, a);
        }
        return Future.failedFuture(unsupported(action));
    }

    // ---- where the databases are --------------------------------------------------------------------------

    /** The central's container when it runs; empty when the db is remote. Fails when a lab central is gone. */
    private Future<Optional<ContainerInfo>> central(Action.OvnDb db) {
        if (db.central() == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return docker.inspect(db.central()).compose(opt -> opt.filter(c -> c.running() && c.pid() > 0).isPresent()
                ? Future.succeededFuture(opt)
                : Future.failedFuture(new CentralGoneException("the lab's OVN central (container " + db.central()
                + ") is not running")));
    }

    private static String nbRemote(Action.OvnDb db, Optional<ContainerInfo> central) {
        return central.map(c -> "unix:/proc/" + c.pid() + "/root/run/ovn/ovnnb_db.sock").orElse(db.nb());
    }

    private static String sbRemote(Action.OvnDb db, Optional<ContainerInfo> central) {
        return central.map(c -> "unix:/proc/" + c.pid() + "/root/run/ovn/ovnsb_db.sock").orElse(db.sb());
    }

    /** The SB as ovn-controller in a node reaches it: the central's address on the network it shares with nodes. */
    private static String sbForNodes(Action.OvnDb db, Optional<ContainerInfo> central) {
        if (central.isEmpty()) {
            return db.sb();
        }
        ContainerInfo.Endpoint e = central.get().networks().values().stream().findFirst().orElseThrow(() ->
                new IllegalStateException("the OVN central " + db.central() + " has no network address"));
        return "tcp:" + e.ip() + ":" + OvnNames.SB_PORT;
    }

    // ---- actions ------------------------------------------------------------------------------------------

    private Future<StepResult> transact(String step, Action.OvnNbTransact a) {
        boolean undo = a.undoCommands().isEmpty(); // only deletions have nothing to undo
        return central(a.db()).compose(central -> blocking(() -> {
            OvnDriver.Exchange x = report(step, ovn.nbctl(nbRemote(a.db(), central), TRANSACTION_TIMEOUT_SECONDS,
                    a.commands()));
            if (!x.ok()) {
                throw failure("OVN NB", nbRemote(a.db(), central), x);
            }
            return (StepResult) new OvnResults.NbApplied(truncate(x.stdout().strip()), x.durationMs());
        })).recover(e -> undo && e instanceof CentralGoneException
                // the lab's central took its databases with it: nothing left to delete
                ? Future.succeededFuture(new OvnResults.CentralGone(e.getMessage()))
                : Future.failedFuture(e));
    }

    /** The central is a container of the lab, made through the docker driver as nodes are. */
    private Future<StepResult> startCentral(Action.OvnStartCentral a) {
        return docker.imageExists(a.image()).compose(exists -> {
            if (!exists) {
                return Future.failedFuture(new CreatedNothingException("image " + a.image()
                        + " not found: build it with 'dovs image build --ovn-central'"));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(dev.dovs.events.model.LabNaming.LABEL_LAB, a.lab());
            labels.put(CENTRAL_LABEL, "true");
            return docker.createNode(new dev.dovs.engine.docker.NodeSpec(a.container(), a.image(),
                    List.of(a.network()), labels, Map.of())).map(c -> {
                        ContainerInfo.Endpoint e = c.networks().get(a.network());
                        return (StepResult) new OvnResults.CentralStarted(c.id(), e == null ? "" : e.cidr());
                    });
        });
    }

    /** Docker label of the lab's OVN central container (besides the lab's). */
    public static final String CENTRAL_LABEL = "dovs.ovn-central";

    private Future<StepResult> startController(String step, Action.OvnStartController a) {
        return central(a.db()).compose(central -> nodes.running(a.container()).compose(node -> blocking(() -> {
            ContainerInfo.Endpoint tunnel = node.networks().get(a.tunnelNetwork());
            if (tunnel == null) {
                throw new CreatedNothingException("node " + a.container() + " is not on network " + a.tunnelNetwork());
            }
            String sb = sbForNodes(a.db(), central);
            ovn.startController(node.pid(), new OvnDriver.Chassis(a.container(), sb, a.encapType(), tunnel.ip(),
                    a.lab()));
            String uuid = awaitChassis(step, sbRemote(a.db(), central), a.container(), a.timeoutSeconds(), sb);
            return (StepResult) new OvnResults.ChassisStarted(a.container(), uuid, sb, tunnel.ip());
        })));
    }

    /** Polls the SB until the chassis registered; bounded. */
    private String awaitChassis(String step, String sb, String chassis, int timeoutSeconds, String sbForNodes)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        OvnDriver.Exchange last = null;
        while (true) {
            OvnDriver.Exchange x = ovn.sbctl(sb, TRANSACTION_TIMEOUT_SECONDS,
                    List.of("--bare", "--columns=_uuid", "find", "Chassis", "name=" + chassis));
            if (!x.ok()) {
                throw failure("OVN SB", sb, report(step, x));
            }
            String uuid = x.stdout().strip();
            if (!uuid.isEmpty()) {
                report(step, x);
                return uuid;
            }
            last = x;
            if (System.nanoTime() > deadline) {
                report(step, last);
                throw new IllegalStateException("chassis " + chassis + " did not register with the OVN SB within "
                        + timeoutSeconds + " s (ovn-controller in the node reaches the SB at " + sbForNodes + ")");
            }
            Thread.sleep(POLL_MS * 4);
        }
    }

    private Future<StepResult> removeChassis(String step, Action.OvnRemoveChassis a) {
        Future<Void> stop = docker.inspect(a.chassis()).compose(opt -> {
            if (opt.isPresent() && opt.get().running() && opt.get().pid() > 0) {
                long pid = opt.get().pid();
                return blocking(() -> {
                    ovn.stopController(pid);
                    return null;
                });
            }
            return Future.succeededFuture();
        });
        return stop.compose(v -> central(a.db())).compose(central -> blocking(() -> {
            OvnDriver.Exchange x = report(step, ovn.sbctl(sbRemote(a.db(), central), TRANSACTION_TIMEOUT_SECONDS,
                    List.of("--if-exists", "chassis-del", a.chassis())));
            if (!x.ok()) {
                throw failure("OVN SB", sbRemote(a.db(), central), x);
            }
            return (StepResult) new StepResult.Done();
        })).recover(e -> e instanceof CentralGoneException
                ? Future.succeededFuture(new OvnResults.CentralGone(e.getMessage()))
                : Future.failedFuture(e));
    }

    private Future<StepResult> awaitBinding(String step, Action.OvnAwaitBinding a) {
        return central(a.db()).compose(central -> {
            String sb = sbRemote(a.db(), central);
            Waiter w = new Waiter(step, a, System.nanoTime(), Promise.promise());
            watches.computeIfAbsent(sb, Watch::new).add(w);
            return w.done().future();
        });
    }

    /** One guest's wait for its binding. */
    private record Waiter(String step, Action.OvnAwaitBinding action, long started, Promise<StepResult> done) {
        long deadline() {
            return started + action.timeoutSeconds() * 1_000_000_000L;
        }
    }

    /**
     * The binding waits on one SB, coalesced: every {@value #POLL_MS} ms one ovn-sbctl run reads the chassis and
     * the port bindings and answers every waiting step (a spawn of 100 guests polls once, not 100 times).
     * Confined to the verticle's event loop; the run itself is on a worker thread.
     */
    private final class Watch {
        private final String sb;
        private final List<Waiter> waiters = new ArrayList<>();
        private boolean polling;

        Watch(String sb) {
            this.sb = sb;
        }

        void add(Waiter w) {
            waiters.add(w);
            if (!polling) {
                polling = true;
                vertx.setTimer(1, t -> poll());
            }
        }

        private void poll() {
            blocking(() -> ovn.sbctl(sb, TRANSACTION_TIMEOUT_SECONDS, List.of("--format=csv", "--data=bare",
                    "--no-headings", "--columns=_uuid,name", "list", "Chassis",
                    "--", "--columns=logical_port,chassis,up", "list", "Port_Binding"))).onComplete(ar -> {
                        if (ar.failed() || !ar.result().ok()) {
                            RuntimeException e = ar.failed() ? new IllegalStateException(ar.cause().getMessage())
                                    : failure("OVN SB", sb, ar.result());
                            waiters.forEach(w -> {
                                if (ar.succeeded()) {
                                    report(w.step(), ar.result());
                                }
                                w.done().fail(e);
                            });
                            waiters.clear();
                        } else {
                            answer(ar.result());
                        }
                        if (waiters.isEmpty()) {
                            polling = false;
                            watches.remove(sb);
                        } else {
                            vertx.setTimer(POLL_MS, t -> poll());
                        }
                    });
        }

        private void answer(OvnDriver.Exchange x) {
            Map<String, String> chassisByName = new HashMap<>();
            Map<String, String[]> bindings = new HashMap<>();
            for (String line : x.stdout().strip().split("\\R")) {
                String[] f = line.split(",", -1);
                if (f.length == 2) {
                    chassisByName.put(f[1], f[0]);
                } else if (f.length == 3) {
                    bindings.put(f[0], f);
                }
            }
            long now = System.nanoTime();
            for (java.util.Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                String uuid = chassisByName.get(w.action().chassis());
                String[] b = bindings.get(w.action().port());
                if (uuid != null && b != null && b[1].equals(uuid) && b[2].equals("true")) {
                    report(w.step(), x);
                    w.done().complete(new OvnResults.PortBound(w.action().chassis(),
                            (now - w.started()) / 1_000_000));
                    it.remove();
                } else if (now > w.deadline()) {
                    report(w.step(), x);
                    String where = b == null ? "no such port in the SB"
                            : b[1].isEmpty() ? "not bound"
                            : !b[1].equals(uuid) ? "bound to another chassis (" + b[1] + ")"
                            : "bound but not up";
                    w.done().fail(new IllegalStateException("chassis " + w.action().chassis() + " did not bind OVN "
                            + "port " + w.action().port() + " within " + w.action().timeoutSeconds() + " s ("
                            + where + ")"));
                    it.remove();
                }
            }
        }
    }

    private Future<StepResult> sweep(String step, Action.OvnSweep a) {
        return central(a.db()).compose(central -> blocking(() -> {
            NbCommands nb = new NbCommands(new OvnNames(new dev.dovs.events.model.LabNaming(a.lab())));
            String nbDb = nbRemote(a.db(), central);
            List<String> delete = new ArrayList<>();
            int count = 0;
            // ports first: a port deleted with its switch earlier in the same transaction is "not part of any
            // logical switch" for a later lsp-del
            for (String[] table : new String[][] {{"Logical_Switch_Port", "lsp-del"},
                    {"Logical_Router_Port", "lrp-del"}, {"Logical_Switch", "ls-del"}, {"Logical_Router", "lr-del"}}) {
                OvnDriver.Exchange x = report(step, ovn.nbctl(nbDb, TRANSACTION_TIMEOUT_SECONDS,
                        nb.findMarked(table[0])));
                if (!x.ok()) {
                    throw failure("OVN NB", nbDb, x);
                }
                for (String uuid : x.stdout().strip().split("\\s+")) {
                    if (!uuid.isEmpty()) {
                        delete.addAll(List.of("--", "--if-exists", table[1], uuid));
                        count++;
                    }
                }
            }
            if (!delete.isEmpty()) {
                OvnDriver.Exchange x = report(step, ovn.nbctl(nbDb, TRANSACTION_TIMEOUT_SECONDS,
                        delete.subList(1, delete.size())));
                if (!x.ok()) {
                    throw failure("OVN NB", nbDb, x);
                }
            }
            String sbDb = sbRemote(a.db(), central);
            OvnDriver.Exchange chassis = report(step, ovn.sbctl(sbDb, TRANSACTION_TIMEOUT_SECONDS, List.of("--bare",
                    "--columns=name", "find", "Chassis",
                    "other_config:ovn-cms-options=\"" + OvnNames.MARK + "=" + a.lab() + "\"")));
            if (!chassis.ok()) {
                throw failure("OVN SB", sbDb, chassis);
            }
            for (String name : chassis.stdout().strip().split("\\s+")) {
                if (!name.isEmpty()) {
                    OvnDriver.Exchange x = report(step, ovn.sbctl(sbDb, TRANSACTION_TIMEOUT_SECONDS,
                            List.of("--if-exists", "chassis-del", name)));
                    if (!x.ok()) {
                        throw failure("OVN SB", sbDb, x);
                    }
                    count++;
                }
            }
            return (StepResult) new StepResult.Swept(count);
        })).recover(e -> e instanceof CentralGoneException
                ? Future.succeededFuture(new StepResult.Swept(0))
                : Future.failedFuture(e));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private OvnDriver.Exchange report(String step, OvnDriver.Exchange x) {
        exchanges.accept(step, x);
        return x;
    }

    /**
     * An OVSDB transaction applies whole or not at all: a refused one, or one that never reached the database,
     * created nothing. Only a run cut short by its timeout may have committed.
     */
    private static RuntimeException failure(String what, String db, OvnDriver.Exchange x) {
        if (x.stderr().contains("database connection failed")) {
            String why = x.stderr().replaceFirst("(?s).*database connection failed \\(?", "").replaceFirst("(?s)\\).*", "")
                    .strip();
            return new CreatedNothingException(what + " at " + db + " is not reachable"
                    + (why.isEmpty() ? "" : " (" + why + ")"));
        }
        boolean timedOut = x.exitCode() == 142 || x.stderr().contains("timed out")
                || x.stderr().contains("Alarm clock");
        if (timedOut) {
            boolean neverConnected = x.stderr().contains("connection") || x.stderr().contains("database");
            String m = what + " at " + db + " did not answer within " + TRANSACTION_TIMEOUT_SECONDS + " s";
            return neverConnected ? new CreatedNothingException(m) : new IllegalStateException(m);
        }
        return new CreatedNothingException(what + " refused the transaction: " + x.error());
    }

    static String truncate(String s) {
        return s.length() <= 4096 ? s : s.substring(0, 4096) + "...";
    }

    /** The lab's central is not running: its databases are gone with it. Created nothing. */
    static final class CentralGoneException extends RuntimeException {
        CentralGoneException(String message) {
            super(message);
        }
    }
}
