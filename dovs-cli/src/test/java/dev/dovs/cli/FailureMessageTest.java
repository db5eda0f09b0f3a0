package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a failed outcome reads: no "(rolled back)" where nothing was done, no doubled kind, advice once. */
class FailureMessageTest {

    private static String line(Failure f, Boolean touched) {
        return line(LabNaming.defaultLab(), f, touched);
    }

    private static String line(LabNaming naming, Failure f, Boolean touched) {
        DovsException e = assertThrows(DovsException.class,
                () -> Submitter.check(naming, "add-node n1", new Outcome.NodeAddFailed("n1", f), touched));
        return e.exitCode() + " " + e.getMessage();
    }

    @Test
    void a_refusal_has_no_rollback_suffix_and_exits_2() {
        assertEquals("2 add-node n1 failed: node n1 already exists",
                line(new Failure(Failure.Kind.REJECTED, "node n1 already exists", true), true));
    }

    @Test
    void a_failure_before_anything_was_created_says_so_instead_of_rolled_back() {
        assertEquals("1 add-node n1 failed: no space left (nothing was changed)",
                line(new Failure(Failure.Kind.FAILED, "no space left", true), false));
        assertEquals("1 add-node n1 failed: boom (rolled back)",
                line(new Failure(Failure.Kind.FAILED, "boom", true), true));
        assertEquals("1 add-node n1 failed: boom (rolled back)",
                line(new Failure(Failure.Kind.FAILED, "boom", true), null), "unknown: as before");
    }

    @Test
    void interrupted_is_said_once_and_the_clean_advice_once() {
        String old = "interrupted: the engine applying it stopped; rollback incomplete, run 'dovs clean'";
        assertEquals("1 add-node n1 failed: interrupted: the engine applying it stopped; rollback incomplete, run "
                + "'dovs clean'", line(new Failure(Failure.Kind.INTERRUPTED, old, false), true));
        assertEquals("interrupted: the engine applying it stopped; what it started was rolled back",
                LogCommand.failureDetail(new Failure(Failure.Kind.INTERRUPTED,
                        "interrupted: the engine applying it stopped; what it started was rolled back", true)));
        assertEquals("failed: boom (rolled back)",
                LogCommand.failureDetail(new Failure(Failure.Kind.FAILED, "boom", true)));
        assertEquals("rejected: node n1 already exists",
                LogCommand.failureDetail(new Failure(Failure.Kind.REJECTED, "node n1 already exists", true)),
                "a refusal did nothing: no '(rolled back)' in the log either");
    }

    @Test
    void the_clean_advice_names_a_non_default_lab() {
        assertEquals("1 add-node n1 failed: boom (rollback incomplete: run 'dovs --lab u6 clean')",
                line(new LabNaming("u6"), new Failure(Failure.Kind.FAILED, "boom", false), true));
        assertEquals("1 add-node n1 failed: x ('dovs --lab u6 clean' removes it)",
                line(new LabNaming("u6"), new Failure(Failure.Kind.FAILED, "x ('dovs --lab u6 clean' removes it)",
                        false), true), "advice once");
    }
}
