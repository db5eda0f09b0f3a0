package dev.dovs.engine.odl;

import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.core.Orchestrator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.ovs.OvsDriver;
import dev.dovs.engine.verticle.SubsystemVerticle;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.StepEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * OpenDaylight's RESTCONF northbound, through {@link OdlClient} (asynchronous: no worker threads needed). Every
 * request of a step is published to the orchestrator as a {@link StepEvent.OdlExchanged}, so the log holds the
 * whole conversation; credentials come from the engine's settings and never leave this verticle.
 */
public final class OdlVerticle extends SubsystemVerticle {
    private final String user;
    private final String password;
    private final OdlClientOptions options;
    private final NodeLocator nodes;
    private final OvsDriver ovs;
    private final Map<String, OdlClient> clients = new HashMap<>();

    /** {@code ovs}: reads the nodes' switches for {@code odl.reconcile-switch} (blocking: run on workers). */
    public OdlVerticle(String user, String password, OdlClientOptions options, DockerDriver docker, OvsDriver ovs) {
        this.user = user;
        this.password = password;
        this.options = options;
        this.nodes = new NodeLocator(docker);
        this.ovs = ovs;
    }

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.ODL;
    }

    @Override
    protected Future<StepResult> apply(Action action) {
        return Future.failedFuture(unsupported(action));
    }

    @Override
    protected Future<StepResult> apply(ActionRequest request) {
        Action action = request.action();
        if (action instanceof Action.OdlInspect a) {
            return inspect(client(a.odl(), request.stepId()));
        } else if (action instanceof Action.OdlPut a) {
            OdlClient odl = client(a.odl(), request.stepId());
            return odl.putResource(a.resource(), a.uuid(), new JsonObject(a.body()))
                    .compose(created -> a.waitSeconds() == 0 ? Future.succeededFuture(created)
                            : odl.awaitSubnetmap(a.uuid(), Duration.ofSeconds(a.waitSeconds())).map(created))
                    .<StepResult>map(StepResult.Created::new).recover(OdlVerticle::definite);
        } else if (action instanceof Action.OdlUpdate a) {
            return client(a.odl(), request.stepId()).putResource(a.resource(), a.uuid(), new JsonObject(a.body()))
                    .<StepResult>map(created -> new StepResult.Done()).recover(OdlVerticle::definite);
        } else if (action instanceof Action.OdlDelete a) {
            OdlClient odl = client(a.odl(), request.stepId());
            return odl.deleteResource(a.resource(), a.uuid()).compose(removed -> odl
                    .deleteNetvirtLeftovers(a.resource(), a.uuid())
                    .compose(leftover -> a.waitSeconds() == 0 ? Future.<Void>succeededFuture()
                            : odl.awaitVpnInstanceGone(a.uuid(), Duration.ofSeconds(a.waitSeconds())))
                    .<StepResult>map(v -> new StepResult.Removed(removed)));
        } else if (action instanceof Action.OdlRegisterVtep a) {
            return registerVtep(client(a.odl(), request.stepId()), a).recover(OdlVerticle::definite);
        } else if (action instanceof Action.OdlRemoveVtep a) {
            return removeVtep(client(a.odl(), request.stepId()), a.zone(), new BigInteger(a.dpnId()), a.portname());
        } else if (action instanceof Action.OdlAwaitBinding a) {
            return client(a.odl(), request.stepId())
                    .awaitBinding(a.portUuid(), a.tap(), Duration.ofSeconds(a.timeoutSeconds()))
                    .map(v -> new StepResult.Done());
        } else if (action instanceof Action.OdlAwaitUnbinding a) {
            return client(a.odl(), request.stepId())
                    .awaitUnbinding(a.portUuid(), Duration.ofSeconds(a.timeoutSeconds()))
                    .map(v -> new StepResult.Done());
        } else if (action instanceof Action.OdlSweep a) {
            return sweep(client(a.odl(), request.stepId()), a);
        } else if (action instanceof Action.OdlReconcileSwitch a) {
            return reconcile(client(a.odl(), request.stepId()), a);
        }
        return Future.failedFuture(unsupported(action));
    }

    /** An {@code odl.reconcile-switch}: how many flows ODL holds for the switch, and how often it was reconnected. */
    record SwitchReconciled(int flows, int reconnects) implements StepResult {
        @Override
        public Map<String, String> facts() {
            return Map.of("flows", String.valueOf(flows), "reconnects", String.valueOf(reconnects));
        }
    }

    /** How often ODL's config inventory and the switch are compared (ms). */
    static final long RECONCILE_POLL_MS = 500;
    /**
     * How long ODL's config must stay unchanged with every flow on the switch before the switch counts as
     * reconciled, and how long the same flows must stay missing before the switch is reconnected (ms). ODL's rules
     * manager sends a flow within milliseconds of netvirt's write when it sends it at all.
     */
    static final long RECONCILE_SETTLE_MS = 2000;
    /** Reconnects per step before it gives up. */
    static final int MAX_RECONNECTS = 2;

    /**
     * Compares the flows ODL's config inventory holds for the switch with the switch's own table (by table,
     * priority and hard timeout; flows a learn action made on the switch do not count) until ODL's config has
     * stayed unchanged for {@link #RECONCILE_SETTLE_MS} with every flow on the switch. When the same flows stay
     * missing that long, the switch is reconnected: ODL Neon's rules manager then sends everything its config holds
     * (seen with a real ODL: flows netvirt wrote at a switch's connect, after a move or on a replay were at times
     * never sent). Fails, naming the tables, when flows are still missing at the bound after
     * {@link #MAX_RECONNECTS} reconnects. An ODL that holds no flows for the switch (no openflowplugin, the fake)
     * has nothing to reconcile.
     */
    private Future<StepResult> reconcile(OdlClient odl, Action.OdlReconcileSwitch a) {
        return nodes.running(a.container()).compose(c -> blocking(() -> ovs.datapathId(c.pid(), a.bridge()))
                .compose(dpid -> {
                    Promise<StepResult> done = Promise.promise();
                    new Reconciliation(odl, c.pid(), a, new BigInteger(dpid, 16), done).poll();
                    return done.future();
                }));
    }

    /** One switch's reconciliation in progress ({@link #reconcile}). */
    private final class Reconciliation {
        private final OdlClient odl;
        private final long pid;
        private final Action.OdlReconcileSwitch action;
        private final BigInteger dpn;
        private final Promise<StepResult> done;
        private final long deadline;
        private int lastConfigCount = -1;
        private long configStableSince;
        private Map<OvsDriver.FlowEntry, Integer> lastMissing = Map.of();
        private long missingSince;
        private int reconnects;

        Reconciliation(OdlClient odl, long pid, Action.OdlReconcileSwitch action, BigInteger dpn,
                       Promise<StepResult> done) {
            this.odl = odl;
            this.pid = pid;
            this.action = action;
            this.dpn = dpn;
            this.done = done;
            this.deadline = System.nanoTime() + action.timeoutSeconds() * 1_000_000_000L;
        }

        void poll() {
            odl.configFlows(dpn).compose(config -> blocking(() -> ovs.flows(pid, action.bridge()))
                            .map(onSwitch -> compare(config, onSwitch)))
                    .onFailure(done::tryFail)
                    .onSuccess(v -> { });
        }

        private Void compare(List<OvsDriver.FlowEntry> config, List<OvsDriver.FlowEntry> onSwitch) {
            long now = System.nanoTime();
            if (config.isEmpty()) {
                done.tryComplete(new SwitchReconciled(0, reconnects)); // ODL holds nothing for this switch
                return null;
            }
            if (config.size() != lastConfigCount) {
                lastConfigCount = config.size();
                configStableSince = now;
            }
            Map<OvsDriver.FlowEntry, Integer> missing = missing(config, onSwitch);
            if (!missing.equals(lastMissing)) {
                lastMissing = missing;
                missingSince = now;
            }
            long settle = RECONCILE_SETTLE_MS * 1_000_000L;
            if (missing.isEmpty() && now - configStableSince >= settle) {
                done.tryComplete(new SwitchReconciled(config.size(), reconnects));
                return null;
            }
            if (now >= deadline) {
                if (missing.isEmpty()) {
                    done.tryComplete(new SwitchReconciled(config.size(), reconnects)); // still writing, all sent
                } else {
                    done.tryFail(new IllegalStateException("switch " + action.bridge() + " of " + action.container()
                            + " (openflow:" + dpn + ") lacks " + missing.values().stream().mapToInt(i -> i).sum()
                            + " of the " + config.size() + " flows ODL " + action.odl() + " holds for it in its config"
                            + " inventory (tables " + new java.util.TreeSet<>(missing.keySet().stream()
                                    .map(OvsDriver.FlowEntry::table).toList()) + ") after " + reconnects
                            + " reconnects within " + action.timeoutSeconds() + " s: ODL's rules manager did not send"
                            + " them"));
                }
                return null;
            }
            if (!missing.isEmpty() && now - missingSince >= settle && reconnects < MAX_RECONNECTS) {
                reconnects++;
                missingSince = now;
                blocking(() -> ovs.reconnectController(pid, action.bridge())).onFailure(done::tryFail)
                        .onSuccess(v -> vertx.setTimer(RECONCILE_POLL_MS, t -> poll()));
                return null;
            }
            vertx.setTimer(RECONCILE_POLL_MS, t -> poll());
            return null;
        }
    }

    /** The flows of {@code config} the switch lacks, with how many of each (a flow table may hold equal keys). */
    static Map<OvsDriver.FlowEntry, Integer> missing(List<OvsDriver.FlowEntry> config,
                                                    List<OvsDriver.FlowEntry> onSwitch) {
        Map<OvsDriver.FlowEntry, Integer> count = new HashMap<>();
        config.forEach(f -> count.merge(f, 1, Integer::sum));
        onSwitch.forEach(f -> count.computeIfPresent(f, (k, n) -> n == 1 ? null : n - 1));
        return Map.copyOf(count);
    }

    /** An {@code odl.remove-vtep}: whether the VTEP entry went, and whether the zone went with it. */
    record VtepRemoved(boolean removed, boolean zoneRemoved) implements StepResult {
        @Override
        public Map<String, String> facts() {
            return Map.of(KEY_REMOVED, String.valueOf(removed), "zoneRemoved", String.valueOf(zoneRemoved));
        }
    }

    @Override
    public Future<?> stop() {
        clients.values().forEach(OdlClient::close);
        return Future.succeededFuture();
    }

    /** One connection pool per ODL; each step gets a view that reports its own exchanges. */
    private OdlClient client(String endpoint, String step) {
        OdlClient shared = clients.computeIfAbsent(endpoint,
                e -> new OdlClient(vertx, OdlEndpoint.parse(e, user, password), options, null));
        return shared.reportingTo(x -> vertx.eventBus().send(Orchestrator.EXCHANGES, exchanged(step, x)));
    }

    private static StepEvent.OdlExchanged exchanged(String step, OdlExchange x) {
        return new StepEvent.OdlExchanged(step, x.method(), x.path(), x.requestBody(), x.status(), x.responseBody(),
                x.durationMs());
    }

    private Future<StepResult> inspect(OdlClient odl) {
        return snapshot(odl).map(all -> all);
    }

    /** Every network, subnet, router and port ODL holds, read in parallel. */
    private static Future<OdlSnapshot> snapshot(OdlClient odl) {
        var networks = odl.listNetworks();
        var subnets = odl.listSubnets();
        var routers = odl.listRouters();
        var ports = odl.listPorts();
        return Future.all(networks, subnets, routers, ports).map(all -> new OdlSnapshot(networks.result(),
                subnets.result(), routers.result(), ports.result()));
    }

    /**
     * Creates the zone with a create-only POST (409: it exists), checks it is on the node's tunnel subnet, then
     * writes this VTEP's entry alone. Without genius there is no ITM to register with: warn and carry on, as the
     * original did.
     */
    private Future<StepResult> registerVtep(OdlClient odl, Action.OdlRegisterVtep a) {
        return nodes.running(a.container()).compose(c -> {
            ContainerInfo.Endpoint e = c.networks().get(a.underlay());
            if (e == null) {
                return Future.failedFuture("node " + a.container() + " is not on network " + a.underlay());
            }
            String prefix = Ipv4Prefix.parse(e.cidr()).network().toString();
            TransportZone wanted = TransportZone.of(a.zone(), prefix);
            TransportZone.Vtep vtep = new TransportZone.Vtep(new BigInteger(a.dpnId()), a.portname(), e.ip());
            return odl.createTransportZone(wanted).compose(zoneCreated -> (zoneCreated ? Future.<Void>succeededFuture()
                            : sameZone(odl, a.zone(), prefix))
                            .compose(v -> odl.registerVtep(a.zone(), prefix, vtep))
                            // a zone this step created must not outlive its failure (no undo will run for it)
                            .recover(err -> (zoneCreated ? odl.deleteTransportZone(a.zone()).otherwise(false)
                                    : Future.succeededFuture(false)).compose(x -> Future.failedFuture(err))))
                    .<StepResult>map(StepResult.Created::new)
                    .recover(geniusMissing(a.odl(), "no VTEP registered for " + a.container()));
        });
    }

    /**
     * An existing zone must be on the same tunnel subnet and of tunnel type VXLAN (netvirt's ELAN uses nothing else;
     * changing the type of a zone in place leaves ITM half converted, so it is refused, not changed).
     */
    private static Future<Void> sameZone(OdlClient odl, String zone, String prefix) {
        return odl.getTransportZone(zone).compose(tz -> {
            String type = tz.map(TransportZone::tunnelType).orElse(null);
            if (type != null && !type.equals(OdlConstants.TUNNEL_TYPE_VXLAN)) {
                return Future.failedFuture("transport zone " + zone + " has tunnel type " + type + ", not "
                        + OdlConstants.TUNNEL_TYPE_VXLAN + " (the only one netvirt's ELAN uses): clean the lab first");
            }
            String existing = tz.flatMap(z -> z.subnets().stream().findFirst()).map(TransportZone.TzSubnet::prefix)
                    .orElse(null);
            if (existing != null && !existing.equals(prefix)) {
                return Future.failedFuture("transport zone " + zone + " is on " + existing + ", not " + prefix
                        + ": all nodes of a zone must share one tunnel subnet");
            }
            return Future.succeededFuture();
        });
    }

    /** Removes the VTEP wherever it is in the zone, then the zone once it holds no VTEP (it is the lab's own). */
    private Future<StepResult> removeVtep(OdlClient odl, String zone, BigInteger dpnId, String portname) {
        return odl.getTransportZone(zone).compose(tz -> {
            if (tz.isEmpty()) {
                return Future.<StepResult>succeededFuture(new StepResult.Removed(false));
            }
            Future<Boolean> removed = tz.get().prefixOf(dpnId, portname)
                    .map(prefix -> odl.deleteVtep(zone, prefix, dpnId, portname))
                    .orElse(Future.succeededFuture(false));
            return removed.compose(r -> odl.getTransportZone(zone).compose(after -> {
                boolean empty = after.isPresent() && after.get().vteps().isEmpty();
                return (empty ? odl.deleteTransportZone(zone) : Future.succeededFuture(false))
                        .map(zoneGone -> new VtepRemoved(r, zoneGone));
            }));
        }).recover(geniusMissing(odl.endpoint().hostPort(), "no VTEP to remove"));
    }

    /** clean from a damaged log: everything of the lab's tenant, in neutron's dependency order, then its zone. */
    private Future<StepResult> sweep(OdlClient odl, Action.OdlSweep a) {
        int[] count = {0};
        return snapshot(odl).map(all -> all.ofTenant(a.tenant())).compose(mine -> deleteAll(
                        mine.ports().stream().map(NeutronPort::uuid).toList(), u -> odl.deletePort(u).compose(r ->
                                odl.deleteNetvirtLeftovers("port", u).map(x -> r)), count)
                        .compose(v -> deleteAll(mine.subnets().stream().map(NeutronSubnet::uuid).toList(),
                                odl::deleteSubnet, count))
                        .compose(v -> deleteAll(mine.routers().stream().map(NeutronRouter::uuid).toList(),
                                u -> odl.deleteRouter(u).compose(r ->
                                        odl.deleteNetvirtLeftovers("router", u).map(x -> r)), count))
                        .compose(v -> deleteAll(mine.networks().stream().map(NeutronNetwork::uuid).toList(),
                                odl::deleteNetwork, count)))
                .compose(v -> forgetZoneSwitches(odl, a.zone(), count))
                .compose(v -> odl.deleteDisconnectedOvsdbNodes(OdlLab.ovsdbNodePrefix(a.tenant()))
                        .map(n -> {
                            count[0] += n;
                            return (Void) null;
                        }))
                .compose(v -> odl.deleteTransportZone(a.zone()).recover(err ->
                        err instanceof OdlException o && o.isGeniusMissing() // no ITM, so no zone either
                                ? Future.succeededFuture(false) : Future.failedFuture(err)))
                .map(zoneGone -> {
                    count[0] += zoneGone ? 1 : 0;
                    return new StepResult.Swept(count[0]);
                });
    }

    /** What ODL keeps of each switch that is still a VTEP of the zone ({@link OdlClient#forgetSwitch}). */
    private static Future<Void> forgetZoneSwitches(OdlClient odl, String zone, int[] count) {
        return odl.getTransportZone(zone).compose(tz -> {
            List<Future<Boolean>> all = new ArrayList<>();
            tz.ifPresent(z -> z.vteps().forEach(v -> all.add(odl.forgetSwitch(v.dpnId()))));
            return Future.all(all).map(f -> {
                for (int i = 0; i < f.size(); i++) {
                    count[0] += f.<Boolean>resultAt(i) ? 1 : 0;
                }
                return (Void) null;
            });
        }).recover(err -> err instanceof OdlException o && o.isGeniusMissing() ? Future.succeededFuture()
                : Future.failedFuture(err));
    }

    private static Future<Void> deleteAll(List<String> uuids, Function<String, Future<Boolean>> delete, int[] count) {
        List<Future<Boolean>> all = new ArrayList<>();
        uuids.forEach(u -> all.add(delete.apply(u)));
        return Future.all(all).map(f -> {
            for (int i = 0; i < f.size(); i++) {
                count[0] += f.<Boolean>resultAt(i) ? 1 : 0;
            }
            return null;
        });
    }

    /**
     * A write ODL answered with an error, or that never reached it (connection refused, a name that does not
     * resolve, no route, a connect timeout), changed nothing: RESTCONF commits a request whole or not at all. Only
     * a timeout after the request was sent leaves it open whether ODL applied it.
     */
    private static Future<StepResult> definite(Throwable err) {
        if (err instanceof OdlException o && o.kind() != OdlException.Kind.TIMEOUT
                && o.kind() != OdlException.Kind.IO && (o.status() != 0
                || o.kind() == OdlException.Kind.CONNECTION_REFUSED
                || o.kind() == OdlException.Kind.UNREACHABLE)) {
            return Future.failedFuture(new CreatedNothingException(o.getMessage()));
        }
        return Future.failedFuture(err);
    }

    /** A missing genius (ITM) is the original's "warn and go on"; anything else stays a failure. */
    private static Function<Throwable, Future<StepResult>> geniusMissing(String odl, String consequence) {
        return err -> err instanceof OdlException o && o.isGeniusMissing()
                ? Future.succeededFuture(new StepResult.Skipped("genius is not installed in ODL at " + odl + ": "
                        + consequence))
                : Future.failedFuture(err);
    }
}
