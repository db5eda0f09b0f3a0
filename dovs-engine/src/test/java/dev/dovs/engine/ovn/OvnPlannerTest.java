package dev.dovs.engine.ovn;

import dev.dovs.events.Action;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact NB transactions and actions the OVN planner makes for each kind of intent. */
class OvnPlannerTest {
    private static final Action.OvnDb CENTRAL = Action.OvnDb.central("dovst1-ovn-central");
    private final OvnPlanner lab = new OvnPlanner(new LabNaming("t1"),
            new OvnPlanner.Target(CENTRAL, OvnNames.GENEVE, "dovs/ovn-central:latest", 30, 20));
    private final OvnPlanner defaultLab = new OvnPlanner(LabNaming.defaultLab(),
            new OvnPlanner.Target(Action.OvnDb.remote("tcp:192.0.2.1:6641", "tcp:192.0.2.1:6642"), OvnNames.VXLAN,
                    "unused", 30, 20));

    private static Action.OvnNbTransact only(List<Action> actions) {
        assertEquals(1, actions.size(), actions::toString);
        return (Action.OvnNbTransact) actions.get(0);
    }

    @Test
    void theCentralIsAContainerOfTheLabOnItsMgmtNetworkOnly() {
        Action.OvnStartCentral c = (Action.OvnStartCentral) lab.centralContainer();
        assertEquals(new Action.OvnStartCentral("dovst1-ovn-central", "dovs/ovn-central:latest", "dovst1-mgmt",
                "t1"), c);
        assertEquals(new Action.RemoveContainer("dovst1-ovn-central", "t1"), c.undo());
        assertNull(defaultLab.centralContainer(), "a remote OVN needs no central container");
        assertEquals("dovs-ovn-central", new OvnNames(LabNaming.defaultLab()).centralContainer());
    }

    @Test
    void aNodeGetsItsUnderlayOnBrPhyThenBecomesAChassisNamedByItsContainer() {
        assertEquals(List.of(new Action.SetupUnderlay("t1.n1", "dovst1-int", "t1")), lab.underlay(List.of("n1")));
        Action.OvnStartController s = (Action.OvnStartController) lab.chassis(List.of("n1")).get(0);
        assertEquals(new Action.OvnStartController("t1.n1", "t1", CENTRAL, "geneve", "dovst1-int", 30), s);
        assertEquals(new Action.OvnRemoveChassis(CENTRAL, "t1.n1"), s.undo());
        Action.OvnStartController d = (Action.OvnStartController) defaultLab.chassis(List.of("node-1")).get(0);
        assertEquals("node-1", d.container(), "default lab: chassis name = node name");
        assertEquals("vxlan", d.encapType());
    }

    @Test
    void aNetIsALogicalSwitchWithItsSubnetAndTheLabsMark() {
        Action.OvnNbTransact t = only(lab.switchesAndRouters(List.of(new OvnPlanner.NetSpec("net-a",
                "10.0.0.0/24")), List.of(), List.of()));
        assertEquals(List.of("--may-exist", "ls-add", "dovst1-net-a", "--", "set", "Logical_Switch", "dovst1-net-a",
                "other_config:subnet=10.0.0.0/24", "external_ids:dovs-lab=t1", "external_ids:dovs-net=net-a"),
                t.commands());
        assertEquals(List.of("--if-exists", "ls-del", "dovst1-net-a"), t.undoCommands());
        Action.OvnNbTransact undo = (Action.OvnNbTransact) t.undo();
        assertEquals(t.undoCommands(), undo.commands());
        assertNull(undo.undo(), "a deletion has nothing to undo");
    }

    @Test
    void aGuestIsAPortNamedByItsPortIdWithAddressesAndPortSecurity() {
        String port = "0b7c3a52-1f7e-4c52-9a4d-6f1c2b3d4e5f";
        Action.OvnNbTransact t = only(lab.ports(List.of(), List.of(new OvnPlanner.GuestSpec("vm-1", "n1", port,
                "fa:16:3e:00:00:01", "10.0.0.1/24", "net-a"))));
        assertEquals(List.of("--may-exist", "lsp-add", "dovst1-net-a", port,
                "--", "lsp-set-addresses", port, "fa:16:3e:00:00:01 10.0.0.1",
                "--", "lsp-set-port-security", port, "fa:16:3e:00:00:01 10.0.0.1",
                "--", "set", "Logical_Switch_Port", port, "external_ids:dovs-lab=t1",
                "external_ids:dovs-guest=vm-1"), t.commands());
        assertEquals(List.of("--if-exists", "lsp-del", port), t.undoCommands());
    }

    @Test
    void theGuestPortsOfOneSwitchAreOneTransaction() {
        List<Action> ports = lab.ports(List.of(), List.of(
                new OvnPlanner.GuestSpec("g1", "n1", "p-1", "fa:16:3e:00:00:01", "10.0.0.1/24", "a"),
                new OvnPlanner.GuestSpec("g2", "n2", "p-2", "fa:16:3e:00:00:02", "10.0.1.2/24", "b"),
                new OvnPlanner.GuestSpec("g3", "n2", "p-3", "fa:16:3e:00:00:03", "10.0.0.3/24", "a")));
        assertEquals(2, ports.size(), "one transaction per switch");
        Action.OvnNbTransact a = (Action.OvnNbTransact) ports.get(0);
        NbCommands nb = new NbCommands(lab.names());
        List<String> expected = new java.util.ArrayList<>(nb.createGuestPort("a", "p-1", "g1", "fa:16:3e:00:00:01",
                "10.0.0.1"));
        expected.add("--");
        expected.addAll(nb.createGuestPort("a", "p-3", "g3", "fa:16:3e:00:00:03", "10.0.0.3"));
        assertEquals(expected, a.commands());
        assertEquals(List.of("--if-exists", "lsp-del", "p-1", "--", "--if-exists", "lsp-del", "p-3"),
                a.undoCommands());
        assertEquals(List.of("--if-exists", "lsp-del", "p-2"), ((Action.OvnNbTransact) ports.get(1)).undoCommands());
    }

    @Test
    void aNetlessGuestIsOnItsNodesLocalSwitch() {
        Action.OvnNbTransact sw = only(lab.switchesAndRouters(List.of(), List.of("n1"), List.of()));
        assertEquals(List.of("--may-exist", "ls-add", "dovst1-n1.local", "--", "set", "Logical_Switch",
                "dovst1-n1.local", "external_ids:dovs-lab=t1", "external_ids:dovs-net=n1.local"), sw.commands());
        Action.OvnNbTransact p = only(lab.ports(List.of(), List.of(new OvnPlanner.GuestSpec("g1", "n1", "p-1",
                "fa:16:3e:00:00:02", "10.0.0.2/24", null))));
        assertEquals("dovst1-n1.local", p.commands().get(2));
    }

    @Test
    void aRouterIsALogicalRouterWithOnePortPerSubnetOnItsGateway() {
        Action.OvnNbTransact r = only(lab.switchesAndRouters(List.of(), List.of(), List.of("r1")));
        assertEquals(List.of("--may-exist", "lr-add", "dovst1-router-r1", "--", "set", "Logical_Router",
                "dovst1-router-r1", "external_ids:dovs-lab=t1", "external_ids:dovs-router=r1"), r.commands());
        assertEquals(List.of("--if-exists", "lr-del", "dovst1-router-r1"), r.undoCommands());

        String id = lab.names().routerPortId("r1", "net-a");
        String mac = Topology.routerMac(id);
        Action.OvnNbTransact p = only(lab.ports(List.of(new OvnPlanner.RouterPortSpec("r1", "net-a",
                "10.0.0.254/24")), List.of()));
        assertEquals(List.of("--may-exist", "lrp-add", "dovst1-router-r1", "lrp-" + id, mac, "10.0.0.254/24",
                "--", "set", "Logical_Router_Port", "lrp-" + id, "options:gateway_mtu=1442",
                "external_ids:dovs-lab=t1",
                "--", "--may-exist", "lsp-add", "dovst1-net-a", id,
                "--", "lsp-set-type", id, "router",
                "--", "lsp-set-addresses", id, "router",
                "--", "lsp-set-options", id, "router-port=lrp-" + id,
                "--", "set", "Logical_Switch_Port", id, "external_ids:dovs-lab=t1", "external_ids:dovs-router=r1"),
                p.commands());
        assertEquals(List.of("--if-exists", "lsp-del", id, "--", "--if-exists", "lrp-del", "lrp-" + id),
                p.undoCommands());
    }

    @Test
    void routerPortIdsAreTheOverlaysInTheDefaultLabAndScopedByLabOtherwise() {
        assertEquals(Topology.routerPortId("r1", "net-a"), defaultLab.names().routerPortId("r1", "net-a"));
        assertTrue(!lab.names().routerPortId("r1", "net-a").equals(Topology.routerPortId("r1", "net-a")));
        assertEquals(lab.names().routerPortId("r1", "net-a"),
                new OvnNames(new LabNaming("t1")).routerPortId("r1", "net-a"), "stable: a replay gives the same");
    }

    @Test
    void guestsWaitForTheirNodesChassisToBindThem() {
        assertEquals(List.of(new Action.OvnAwaitBinding(CENTRAL, "p-1", "t1.n2", 20)),
                lab.bindings(List.of(new OvnPlanner.GuestSpec("g", "n2", "p-1", "m", "10.0.0.1/24", "a"))));
    }

    @Test
    void aMoveOnANetOnlyAwaitsTheNewBindingAndANetlessOneMovesItsPort() {
        OvnPlanner.GuestSpec onNet = new OvnPlanner.GuestSpec("g", "n1", "p-1", "fa:16:3e:00:00:03", "10.0.0.3/24",
                "a");
        assertEquals(List.of(List.of(), List.of(new Action.OvnAwaitBinding(CENTRAL, "p-1", "t1.n2", 20))),
                lab.move(onNet, "n2", true));

        OvnPlanner.GuestSpec local = new OvnPlanner.GuestSpec("g", "n1", "p-1", "fa:16:3e:00:00:03", "10.0.0.3/24",
                null);
        List<List<Action>> m = lab.move(local, "n2", false);
        assertEquals(2, m.get(0).size(), "the new node's local switch, then the port's move");
        Action.OvnNbTransact moved = (Action.OvnNbTransact) m.get(0).get(1);
        assertEquals(List.of("--if-exists", "lsp-del", "p-1", "--", "--may-exist", "lsp-add", "dovst1-n2.local",
                "p-1"), moved.commands().subList(0, 8));
        assertEquals("dovst1-n1.local", moved.undoCommands().get(6), "undo puts it back on the old node's switch");
    }

    @Test
    void theSweepFindsTheLabsObjectsByMark() {
        assertEquals(new Action.OvnSweep(CENTRAL, "t1"), lab.sweep());
        assertEquals(List.of("--bare", "--columns=_uuid", "find", "Logical_Switch", "external_ids:dovs-lab=t1"),
                new NbCommands(lab.names()).findMarked("Logical_Switch"));
    }

    @Test
    void onlyGeneveAndVxlanAreEncapsulations() {
        assertThrows(IllegalArgumentException.class, () -> new OvnPlanner.Target(CENTRAL, "gre", "i", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Action.OvnDb("c", "tcp:1.2.3.4:6641",
                "tcp:1.2.3.4:6642"));
        assertThrows(IllegalArgumentException.class, () -> new Action.OvnDb(null, "tcp:1.2.3.4:6641", null));
    }
}
