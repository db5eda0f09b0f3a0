package dev.dovs.events;

import dev.dovs.events.Outcome.Failure;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pairing of outcomes, checked over the sealed hierarchies themselves, so that an outcome or an intent added
 * later without its twin fails here: every outcome is a success or a failure, every success has a failed twin of its
 * own that names the same subject, every failure is the twin of exactly one success, and every intent fails with the
 * twin of the success that answers it.
 */
class OutcomeTest {
    private static final Failure FAILURE = new Failure(Failure.Kind.FAILED, "boom", true);

    @Test
    void every_outcome_is_a_success_or_a_failure() {
        assertEquals(Set.of(Outcome.Succeeded.class, Outcome.Failed.class),
                Set.of(Outcome.class.getPermittedSubclasses()));
    }

    @Test
    void every_success_has_a_failed_twin_of_its_own_naming_the_same_subject() throws Exception {
        Map<Class<?>, Class<?>> twinOf = new HashMap<>();
        for (Class<?> type : Outcome.Succeeded.class.getPermittedSubclasses()) {
            Outcome.Succeeded success = (Outcome.Succeeded) sample(type);
            assertTrue(success.succeeded(), type.getSimpleName());
            Outcome.Failed twin = success.failed(FAILURE);
            assertNotNull(twin, type.getSimpleName());
            assertSame(FAILURE, twin.failure(), type.getSimpleName());
            assertFalse(twin.succeeded(), type.getSimpleName());
            assertSameSubject(success, twin);
            Class<?> other = twinOf.put(twin.getClass(), type);
            assertEquals(null, other, twin.getClass().getSimpleName() + " is the twin of two successes");
        }
        assertEquals(Set.of(Outcome.Failed.class.getPermittedSubclasses()), twinOf.keySet(),
                "every failure is the twin of a success");
    }

    @Test
    void every_intent_fails_with_a_failed_twin_naming_its_subject() throws Exception {
        Set<Class<?>> twins = new HashSet<>();
        for (Class<?> type : Intent.class.getPermittedSubclasses()) {
            Intent intent = (Intent) sample(type);
            Outcome.Failed failed = intent.failed(FAILURE);
            assertNotNull(failed, type.getSimpleName());
            assertSame(FAILURE, failed.failure(), type.getSimpleName());
            assertSameSubject(intent, failed);
            twins.add(failed.getClass());
        }
        assertEquals(Set.of(Outcome.Failed.class.getPermittedSubclasses()), twins,
                "every failure answers an intent");
    }

    @Test
    void the_static_twin_of_a_success_is_its_instance_twin() {
        assertEquals(new Outcome.NodeAdded("n1", "c", "id", "m", "i").failed(FAILURE),
                Outcome.NodeAdded.failure("n1", FAILURE));
        assertEquals(new Outcome.NodeAddFailed("n1", FAILURE), Outcome.NodeAdded.failure("n1", FAILURE));
        assertEquals(new Outcome.LabCleanFailed(FAILURE), new Outcome.LabCleaned(1, 2).failed(FAILURE));
    }

    /** Each component of {@code twin} but its failure is a component of {@code of} with the same value. */
    private static void assertSameSubject(Object of, Outcome.Failed twin) throws Exception {
        for (RecordComponent c : twin.getClass().getRecordComponents()) {
            if (c.getName().equals("failure")) {
                continue;
            }
            RecordComponent same = Arrays.stream(of.getClass().getRecordComponents())
                    .filter(x -> x.getName().equals(c.getName())).findFirst().orElse(null);
            assertNotNull(same, twin.getClass().getSimpleName() + "." + c.getName() + " is not a component of "
                    + of.getClass().getSimpleName());
            assertEquals(same.getAccessor().invoke(of), c.getAccessor().invoke(twin),
                    twin.getClass().getSimpleName() + "." + c.getName());
        }
    }

    /** A record of {@code type} whose text components are distinct ("v-" and the component's name). */
    private static Record sample(Class<?> type) throws Exception {
        assertTrue(type.isRecord(), type + " is a record");
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            args[i] = t == String.class ? "v-" + components[i].getName()
                    : t == int.class ? 7
                    : t == boolean.class ? false
                    : t == List.class ? List.of()
                    : null;
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        return (Record) canonical.newInstance(args);
    }
}
