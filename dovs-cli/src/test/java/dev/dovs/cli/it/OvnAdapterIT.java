package dev.dovs.cli.it;

import dev.dovs.engine.Engine;
import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.StepReply;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.engine.netns.IpNetnsDriver;
import dev.dovs.engine.ovn.CtlOvnDriver;
import dev.dovs.engine.ovn.OvnDriver;
import dev.dovs.engine.ovn.OvnNames;
import dev.dovs.engine.ovn.OvnPlanner;
import dev.dovs.engine.ovn.OvnVerticle;
import dev.dovs.engine.ovs.VsctlOvsDriver;
import dev.dovs.engine.verticle.DockerVerticle;
import dev.dovs.engine.verticle.NetnsVerticle;
import dev.dovs.engine.verticle.OvsVerticle;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OVN adapter (OvnVerticle over CtlOvnDriver) on real OVN, below the planner: the actions the OVN planner makes
 * for a central, two chassis, a routed pair of nets and a move, sent straight to the verticles.
 */
class OvnAdapterIT {

    @Test
    void actionsMakeAWorkingOvnLabAndAMoveKeepsTraffic() throws Exception {
        LabFixture fixture = new LabFixture("oz");
        LabNaming naming = new LabNaming(fixture.lab());
        OvnNames names = new OvnNames(naming);
        Action.OvnDb db = Action.OvnDb.central(names.centralContainer());
        OvnPlanner ovn = new OvnPlanner(naming, new OvnPlanner.Target(db, OvnNames.GENEVE,
                "dovs/ovn-central:latest", 30, 20));
        Vertx vertx = Vertx.vertx();
        List<OvnDriver.Exchange> exchanges = new CopyOnWriteArrayList<>();
        List<Action> done = new ArrayList<>();
        try {
            Engine.registerCodecs(vertx);
            DockerDriver docker = new VertxDockerClient(vertx, VertxDockerClient.DEFAULT_SOCKET, Duration.ofSeconds(30),
                    Duration.ofSeconds(60));
            ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(30));
            vertx.deployVerticle(new DockerVerticle(docker)).await();
            vertx.deployVerticle(new OvsVerticle(new VsctlOvsDriver(runner), docker)).await();
            vertx.deployVerticle(new NetnsVerticle(new IpNetnsDriver(runner), docker)).await();
            vertx.deployVerticle(new OvnVerticle(new CtlOvnDriver(runner), docker, (s, x) -> exchanges.add(x)))
                    .await();
            String lab = naming.lab();
            long t0 = System.nanoTime();
            stage(vertx, done, List.of(new Action.EnsureNetwork(naming.mgmtNetwork(), lab),
                    new Action.EnsureNetwork(naming.intNetwork(), lab)));
            List<String> nodes = List.of("n1", "n2");
            List<Action> containers = new ArrayList<>(List.of(ovn.centralContainer()));
            nodes.forEach(n -> containers.add(new Action.CreateContainer(naming.container(n), n, "dovs/node:latest",
                    List.of(naming.mgmtNetwork(), naming.intNetwork()), lab)));
            stage(vertx, done, containers);
            stage(vertx, done, nodes.stream().<Action>map(n -> new Action.CreateBridge(naming.container(n),
                    LabNaming.BRIDGE, lab)).toList());
            stage(vertx, done, ovn.underlay(nodes));
            stage(vertx, done, ovn.chassis(nodes));
            System.out.printf("OvnAdapterIT: containers, bridges, underlay and 2 chassis in %.2f s%n",
                    (System.nanoTime() - t0) / 1e9);

            String[][] guests = {{"g1", "n1", "a", "10.7.0.1/24"}, {"g2", "n2", "a", "10.7.0.2/24"},
                    {"g3", "n2", "b", "10.7.1.3/24"}};
            List<OvnPlanner.GuestSpec> specs = new ArrayList<>();
            for (int i = 0; i < guests.length; i++) {
                String[] g = guests[i];
                specs.add(new OvnPlanner.GuestSpec(g[0], g[1], UUID.randomUUID().toString(),
                        String.format("fa:16:3e:00:07:%02x", i + 1), g[3], g[2]));
            }
            stage(vertx, done, ovn.switchesAndRouters(List.of(new OvnPlanner.NetSpec("a", "10.7.0.0/24"),
                    new OvnPlanner.NetSpec("b", "10.7.1.0/24")), List.of(), List.of("r1")));
            stage(vertx, done, ovn.ports(List.of(new OvnPlanner.RouterPortSpec("r1", "a", "10.7.0.254/24"),
                    new OvnPlanner.RouterPortSpec("r1", "b", "10.7.1.254/24")), specs));
            List<Action> ns = new ArrayList<>();
            List<Action> veths = new ArrayList<>();
            List<Action> plugs = new ArrayList<>();
            for (OvnPlanner.GuestSpec g : specs) {
                String netns = naming.netns(g.guest());
                ns.add(new Action.CreateNamespace(netns));
                veths.add(new Action.CreateVeth(netns, "eth0", LabNaming.tap(g.portId()), naming.container(g.node()),
                        g.mac(), OvnNames.GENEVE_MTU));
                plugs.add(new Action.ConfigureGuest(netns, "eth0", g.cidr(),
                        dev.dovs.events.model.Ipv4Cidr.parseHost(g.cidr()).gatewayIp()));
                plugs.add(plug(naming, g, g.node()));
            }
            stage(vertx, done, ns);
            stage(vertx, done, veths);
            stage(vertx, done, plugs);
            long tb = System.nanoTime();
            stage(vertx, done, ovn.bindings(specs));
            System.out.printf("OvnAdapterIT: 3 bindings in %.2f s%n", (System.nanoTime() - tb) / 1e9);
            fixture.assertPing("g1", "10.7.0.2");
            fixture.assertPing("g1", "10.7.1.3");
            fixture.assertPing("g3", "10.7.0.1");

            // the move: detach, move the link, re-plug on n2, await the binding there; 10 ms pings from g3 meanwhile
            OvnPlanner.GuestSpec g1 = specs.get(0);
            Action.PlugPort atSource = plug(naming, g1, "n1");
            java.io.File pingLog = java.io.File.createTempFile("ovn-move-ping", ".log");
            Process ping = new ProcessBuilder("ip", "netns", "exec", fixture.netns("g3"), "ping", "-D", "-i", "0.01",
                    "-W", "1", "10.7.0.1").redirectErrorStream(true).redirectOutput(pingLog).start();
            Thread.sleep(1000);
            long tm = System.nanoTime();
            stage(vertx, done, List.of(new Action.DetachPort(atSource)));
            stage(vertx, done, List.of(new Action.MoveLink(LabNaming.tap(g1.portId()), naming.container("n1"),
                    naming.container("n2"))));
            stage(vertx, done, List.of(plug(naming, g1, "n2")));
            stage(vertx, done, ovn.move(g1, "n2", true).get(1));
            double moveSeconds = (System.nanoTime() - tm) / 1e9;
            Thread.sleep(1500);
            ping.destroy();
            ping.waitFor();
            String out = java.nio.file.Files.readString(pingLog.toPath());
            pingLog.delete();
            double gap = maxGap(out);
            System.out.printf("OvnAdapterIT: move in %.2f s, traffic gap %.3f s%n", moveSeconds, gap);
            assertTrue(gap > 0 && gap < 5, "traffic resumed after the move: gap " + gap + " s");
            fixture.assertPing("g2", "10.7.0.1");

            assertTrue(exchanges.stream().anyMatch(x -> x.argv().contains("lrp-add")), exchanges::toString);
            // undo what was done, newest first (as a rollback), then the OVN sweep finds nothing of the lab
            for (int i = done.size() - 1; i >= 0; i--) {
                Action undo = done.get(i).undo();
                if (undo != null && !(undo instanceof Action.RemoveContainer) && !(undo instanceof
                        Action.RemoveNetwork)) {
                    send(vertx, undo);
                }
            }
            StepResult swept = send(vertx, ovn.sweep()).result();
            assertEquals(new StepResult.Swept(0), swept, "every NB object was undone");
        } finally {
            try {
                send(vertx, new Action.Sweep(Action.Subsystem.NETNS, naming.lab(), naming.netnsPrefix()));
                send(vertx, new Action.Sweep(Action.Subsystem.DOCKER, naming.lab(), null));
            } finally {
                vertx.close().await();
                fixture.close();
            }
        }
        fixture.assertNothingLeft();
    }

    private static Action.PlugPort plug(LabNaming naming, OvnPlanner.GuestSpec g, String node) {
        return new Action.PlugPort(naming.container(node), LabNaming.BRIDGE, LabNaming.tap(g.portId()), g.portId(),
                g.mac(), g.guest(), naming.lab(), "{}", 0);
    }

    private static void stage(Vertx vertx, List<Action> done, List<Action> actions) {
        List<io.vertx.core.Future<StepReply>> all = actions.stream().map(a -> request(vertx, a)).toList();
        io.vertx.core.Future.join(all).await();
        for (int i = 0; i < actions.size(); i++) {
            if (all.get(i).failed()) {
                throw new AssertionError(actions.get(i).describe() + ": " + all.get(i).cause().getMessage());
            }
            done.add(actions.get(i));
        }
    }

    private static io.vertx.core.Future<StepReply> request(Vertx vertx, Action a) {
        return vertx.eventBus().<StepReply>request(a.subsystem().address(), new ActionRequest(UUID.randomUUID().toString(),
                a), new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000)).map(m -> m.body());
    }

    private static StepReply send(Vertx vertx, Action a) {
        return request(vertx, a).await();
    }

    static double maxGap(String pingOutput) {
        List<Double> ts = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("(?m)^\\[(\\d+\\.\\d+)\\].*icmp_seq").matcher(pingOutput);
        while (m.find()) {
            ts.add(Double.parseDouble(m.group(1)));
        }
        double max = -1;
        for (int i = 1; i < ts.size(); i++) {
            max = Math.max(max, ts.get(i) - ts.get(i - 1));
        }
        return max;
    }
}
