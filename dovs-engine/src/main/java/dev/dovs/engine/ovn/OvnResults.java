package dev.dovs.engine.ovn;

import dev.dovs.events.StepResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** What OVN steps learn, typed; their wire form is the facts of {@code step.succeeded} (keys spelled here only). */
public final class OvnResults {
    static final String KEY_REPLY = "reply";
    static final String KEY_MS = "ms";
    static final String KEY_CHASSIS = "chassis";
    static final String KEY_CHASSIS_UUID = "chassisUuid";
    static final String KEY_SB_REMOTE = "sbRemote";
    static final String KEY_ENCAP_IP = "encapIp";
    static final String KEY_BOUND_MS = "boundMs";
    static final String KEY_SKIPPED = "skipped";
    static final String KEY_CENTRAL_ID = "centralId";
    static final String KEY_CENTRAL_IP = "centralIp";

    private OvnResults() {
    }

    /** An NB transaction applied: ovn-nbctl's answer (e.g. the uuids it printed) and how long it took. */
    public record NbApplied(String reply, long durationMs) implements StepResult {
        public Map<String, String> facts() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put(KEY_REPLY, reply);
            f.put(KEY_MS, String.valueOf(durationMs));
            return f;
        }
    }

    /** A node became a chassis: its name and SB uuid, the SB as the node reaches it, its tunnel address. */
    public record ChassisStarted(String chassis, String chassisUuid, String sbRemote, String encapIp)
            implements StepResult {
        public Map<String, String> facts() {
            return Map.of(KEY_CHASSIS, chassis, KEY_CHASSIS_UUID, chassisUuid, KEY_SB_REMOTE, sbRemote,
                    KEY_ENCAP_IP, encapIp);
        }
    }

    /** A port bound by its chassis (and up), {@code boundMs} after the wait began. */
    public record PortBound(String chassis, long boundMs) implements StepResult {
        public Map<String, String> facts() {
            return Map.of(KEY_CHASSIS, chassis, KEY_BOUND_MS, String.valueOf(boundMs));
        }
    }

    /** The lab's central started: its container and its address on the lab's mgmt network. */
    public record CentralStarted(String containerId, String mgmtIp) implements StepResult {
        public Map<String, String> facts() {
            return Map.of(KEY_CENTRAL_ID, containerId, KEY_CENTRAL_IP, mgmtIp);
        }
    }

    /** Nothing to do: the lab's own central is gone, and its databases with it. */
    public record CentralGone(String reason) implements StepResult {
        public Map<String, String> facts() {
            return Map.of(KEY_SKIPPED, reason);
        }
    }
}
