package dev.dovs.engine.verticle;

import dev.dovs.engine.fake.FakeHost;
import dev.dovs.events.Action;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DockerVerticle} over {@link dev.dovs.engine.fake.FakeDocker}: what each docker action does and reports. */
class DockerVerticleTest extends VerticleHarness {

    @Override
    List<Deployable> verticles(FakeHost host) {
        return List.of(new DockerVerticle(host.docker()));
    }

    private StepResult createNode(String container) {
        apply(new Action.EnsureNetwork(MGMT, LAB));
        apply(new Action.EnsureNetwork(INT, LAB));
        return apply(new Action.CreateContainer(container, "n1", IMAGE, List.of(MGMT, INT), LAB));
    }

    @Test
    void a_network_is_created_once_with_the_lab_mark() {
        assertEquals(new StepResult.Created(true), apply(new Action.EnsureNetwork(MGMT, LAB)));
        // the second time it exists: nothing created, so nothing for a rollback to remove
        assertEquals(new StepResult.Created(false), apply(new Action.EnsureNetwork(MGMT, LAB)));
        assertEquals(LAB, host.docker().labOfNetwork(MGMT));
    }

    @Test
    void a_created_node_reports_its_id_pid_and_its_address_on_each_network() {
        StepResult.ContainerCreated c = as(StepResult.ContainerCreated.class, createNode("t1.n1"));

        assertNotNull(c.containerId());
        assertTrue(c.pid() > 0);
        // mgmt is the first network given, int the second: the addresses are not swapped
        assertEquals("172.18.0.2/16", c.mgmtIp());
        assertEquals("172.19.0.2/16", c.intIp());
        assertEquals(Map.of("dovs.lab", LAB, "dovs.node", "n1"), host.docker().labelsOf("t1.n1"));
        assertEquals(Map.of("OVS_SYSTEM_ID", "t1.n1"), host.docker().envOf("t1.n1"));
    }

    @Test
    void what_the_verticle_reports_is_what_the_projection_reads_back_from_the_log() {
        StepResult created = createNode("t1.n1");
        StepResult.ContainerCreated c = (StepResult.ContainerCreated) created;
        Action create = new Action.CreateContainer("t1.n1", "n1", IMAGE, List.of(MGMT, INT), LAB);
        var intent = new dev.dovs.events.Intent.Spawn(List.of(new dev.dovs.events.Intent.AddNode("n1", IMAGE)),
                List.of());
        // Given the log an engine writes for a spawn of one node, with the facts as the verticle reported them
        LabProjection p = new LabProjection(new LabNaming(LAB));
        long[] i = {1};
        java.util.function.Consumer<dev.dovs.events.Event> log = e -> p.apply(new dev.dovs.events.EventEnvelope(
                i[0]++, java.time.Instant.EPOCH, LAB, "i1", null, "t", e));
        log.accept(intent);
        log.accept(new StepEvent.StepStarted("s1", create, null));
        log.accept(new StepEvent.StepSucceeded("s1", created.facts()));
        log.accept(new dev.dovs.events.Outcome.LabSpawned(1, 0));
        // Then the node's addresses in the state are the verticle's
        var node = p.node("n1").orElseThrow();
        assertEquals(c.containerId(), node.containerId());
        assertEquals(c.mgmtIp(), node.mgmtIp());
        assertEquals(c.intIp(), node.intIp());
    }

    @Test
    void a_missing_image_fails_before_anything_is_created() {
        apply(new Action.EnsureNetwork(MGMT, LAB));
        ReplyException e = failure(new Action.CreateContainer("t1.n1", "n1", "nope:1", List.of(MGMT), LAB));

        assertCreatedNothing(e);
        assertEquals("image nope:1 not found: build it with 'dovs image build'", e.getMessage());
        assertEquals(Set.of(), host.docker().containerNames());
    }

    @Test
    void a_taken_container_name_is_refused_as_docker_refuses_it() {
        createNode("t1.n1");
        ReplyException e = failure(new Action.CreateContainer("t1.n1", "n1", IMAGE, List.of(MGMT, INT), LAB));

        assertMayHaveCreated(e);
        assertTrue(e.getMessage().contains("is already in use"), e.getMessage());
    }

    @Test
    void a_node_whose_entrypoint_dies_fails_with_its_last_log_line() {
        apply(new Action.EnsureNetwork(MGMT, LAB));
        host.docker().crashNextStart("ovsdb-server: cannot create /run/openvswitch");
        ReplyException e = failure(new Action.CreateContainer("t1.n1", "n1", IMAGE, List.of(MGMT), LAB));

        assertMayHaveCreated(e); // the container exists, stopped: the compensation removes it
        assertTrue(e.getMessage().endsWith("ovsdb-server: cannot create /run/openvswitch"), e.getMessage());
        assertEquals(new StepResult.Removed(true), apply(new Action.RemoveContainer("t1.n1", LAB)));
    }

    @Test
    void only_the_labs_own_container_and_network_are_removed() {
        createNode("t1.n1");
        host.docker().withNetwork("other-net", "zz");

        // nothing removed, and the step says why (the progress line shows 'skip', never a removal)
        assertEquals(new StepResult.NothingToDo("container t1.n1 is not lab zz's: left alone"),
                apply(new Action.RemoveContainer("t1.n1", "zz")));
        assertEquals(new StepResult.NothingToDo("docker network other-net is not lab " + LAB + "'s: left alone"),
                apply(new Action.RemoveNetwork("other-net", LAB)));
        // a network still used by a node stays
        assertEquals(new StepResult.NothingToDo("docker network " + MGMT + " is still used by containers"),
                apply(new Action.RemoveNetwork(MGMT, LAB)));
        assertEquals(new StepResult.Removed(true), apply(new Action.RemoveContainer("t1.n1", LAB)));
        assertEquals(new StepResult.Removed(true), apply(new Action.RemoveNetwork(MGMT, LAB)));
        assertEquals(new StepResult.NothingToDo("container t1.n1 is already gone"),
                apply(new Action.RemoveContainer("t1.n1", LAB)));
        assertEquals(Set.of(INT, "other-net"), host.docker().networkNames());
    }

    @Test
    void the_sweep_removes_every_container_and_network_of_the_lab_and_nothing_else() {
        createNode("t1.n1");
        apply(new Action.CreateContainer("t1.n2", "n2", IMAGE, List.of(MGMT, INT), LAB));
        host.docker().withNetwork("other-net", "zz");

        assertEquals(new StepResult.Swept(4), apply(new Action.Sweep(Action.Subsystem.DOCKER, LAB, null)));
        assertEquals(Set.of(), host.docker().containerNames());
        assertEquals(Set.of("other-net"), host.docker().networkNames());
        assertEquals(new StepResult.Swept(0), apply(new Action.Sweep(Action.Subsystem.DOCKER, LAB, null)));
    }

    @Test
    void an_action_of_another_subsystem_is_refused_not_ignored() {
        ReplyException e = failureAt(Action.Subsystem.DOCKER, new Action.CreateNamespace("dovst1-g1"));

        assertMayHaveCreated(e);
        assertEquals("action create namespace dovst1-g1 is not handled here", e.getMessage());
    }
}
