package dev.dovs.engine.docker;

import java.util.Map;

/** What dovs needs to know of a container, from the Engine API's inspect or list. */
public record ContainerInfo(String id, String name, String state, boolean running, long pid,
                            Map<String, String> labels, Map<String, Endpoint> networks) {

    /** A container's address on one docker network. */
    public record Endpoint(String ip, int prefix, String mac) {
        public String cidr() {
            return ip + "/" + prefix;
        }
    }
}
