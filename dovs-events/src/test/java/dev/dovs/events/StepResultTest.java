package dev.dovs.events;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Pins the wire form ({@code step.succeeded}'s facts) of every typed step result: logs written before typed
 * results hold these keys, and the projection reads them back. A renamed key fails here.
 */
class StepResultTest {

    @Test
    void a_created_container_writes_the_keys_logs_have_always_held() {
        StepResult.ContainerCreated c = new StepResult.ContainerCreated("c0ffee", 4242, "172.18.0.5/16",
                "172.19.0.5/16");

        assertEquals(Map.of("containerId", "c0ffee", "pid", "4242", "mgmtIp", "172.18.0.5/16",
                "intIp", "172.19.0.5/16"), c.facts());
        assertEquals(c, StepResult.ContainerCreated.fromFacts(c.facts()));
    }

    @Test
    void a_container_off_a_network_has_no_address_key_for_it() {
        StepResult.ContainerCreated c = new StepResult.ContainerCreated("c0ffee", 1, "172.18.0.5/16", null);

        assertEquals(Map.of("containerId", "c0ffee", "pid", "1", "mgmtIp", "172.18.0.5/16"), c.facts());
        assertEquals(c, StepResult.ContainerCreated.fromFacts(c.facts()));
    }

    @Test
    void facts_written_before_typed_results_still_read() {
        // as a docker.create-container of an older dovs logged them
        Map<String, String> old = Map.of("containerId", "abc", "pid", "77", "mgmtIp", "10.0.0.2/24",
                "intIp", "10.1.0.2/24");

        assertEquals(new StepResult.ContainerCreated("abc", 77, "10.0.0.2/24", "10.1.0.2/24"),
                StepResult.ContainerCreated.fromFacts(old));
        assertNull(StepResult.ContainerCreated.fromFacts(Map.of("created", "true")));
    }

    @Test
    void the_small_results_write_their_one_key() {
        assertEquals(Map.of(), new StepResult.Done().facts());
        assertEquals(Map.of("created", "true"), new StepResult.Created(true).facts());
        assertEquals(Map.of("created", "false"), new StepResult.Created(false).facts());
        assertEquals(Map.of("removed", "false"), new StepResult.Removed(false).facts());
        assertEquals(Map.of("swept", "3"), new StepResult.Swept(3).facts());
        assertEquals(new StepResult.Swept(3), StepResult.Swept.fromFacts(Map.of("swept", "3")));
        assertEquals(new StepResult.Swept(0), StepResult.Swept.fromFacts(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new StepResult.Swept(-1));
    }

    @Test
    void warnings_are_written_under_the_key_the_waiting_cli_prints() {
        StepResult.Skipped skipped = new StepResult.Skipped("genius is not installed");
        StepResult.ControllerConnected byDovs = new StepResult.ControllerConnected("172.18.0.1", "dovs", "late");
        StepResult.ControllerConnected byOdl = new StepResult.ControllerConnected("172.18.0.1", "odl", null);

        assertEquals(Map.of("created", "false", "warning", "genius is not installed"), skipped.facts());
        assertEquals("genius is not installed", StepResult.warningOf(skipped.facts()));
        assertEquals(Map.of("controllerHost", "172.18.0.1", "controllerSetBy", "dovs", "warning", "late"),
                byDovs.facts());
        assertEquals(Map.of("controllerHost", "172.18.0.1", "controllerSetBy", "odl"), byOdl.facts());
        assertNull(byOdl.warning());
        assertEquals("late", byDovs.warning());
    }

    @Test
    void a_step_whose_facts_say_created_false_created_nothing() {
        assertEquals(true, new StepEvent.StepSucceeded("s", new StepResult.Created(false).facts()).createdNothing());
        assertEquals(true, new StepEvent.StepSucceeded("s", new StepResult.Skipped("w").facts()).createdNothing());
        assertEquals(false, new StepEvent.StepSucceeded("s", new StepResult.Created(true).facts()).createdNothing());
    }

    @Test
    void a_steps_facts_iterate_in_key_order_whatever_map_they_came_in() {
        // Map.of iterates in an order that changes from one JVM to the next: 'dovs log' printed them so
        Map<String, String> facts = Map.of("pid", "1", "containerId", "c", "mgmtIp", "m", "intIp", "i", "b", "2");
        StepEvent.StepSucceeded ok = new StepEvent.StepSucceeded("s1", facts);
        StepEvent.StepFailed failed = new StepEvent.StepFailed("s1", "boom", facts);

        assertEquals("{b=2, containerId=c, intIp=i, mgmtIp=m, pid=1}", ok.facts().toString());
        assertEquals(ok.facts().toString(), failed.facts().toString());
        assertEquals(facts, ok.facts(), "equal as maps");
        assertThrows(UnsupportedOperationException.class, () -> ok.facts().put("x", "y"));
    }
}
