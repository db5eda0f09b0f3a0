package dev.dovs.events.model;

import java.util.regex.Pattern;

/**
 * How a lab's resources are named and marked on the host. The default lab keeps the original tool's names
 * (container = node name, namespace {@code dovs-<guest>}, networks {@code dovs-mgmt}/{@code dovs-int}); any other lab
 * gets names that cannot clash with them or with each other (lab names have no '-', node names no '.').
 */
public record LabNaming(String lab) {
    public static final String DEFAULT_LAB = "default";
    public static final String BRIDGE = "br-int";
    public static final String GUEST_IFNAME = "eth0";
    /** Docker label carried by every container and network dovs creates. */
    public static final String LABEL_LAB = "dovs.lab";
    public static final String LABEL_NODE = "dovs.node";
    /** OVS external_ids key carried by every bridge and port dovs creates. */
    public static final String OVS_MARK = "dovs-lab";

    private static final Pattern LAB = Pattern.compile("[a-z][a-z0-9]{0,5}");

    public LabNaming {
        if (!DEFAULT_LAB.equals(lab) && (lab == null || !LAB.matcher(lab).matches())) {
            throw new IllegalArgumentException("invalid lab name '" + lab
                    + "': use 1-6 lowercase letters or digits, starting with a letter (or 'default')");
        }
    }

    public static LabNaming defaultLab() {
        return new LabNaming(DEFAULT_LAB);
    }

    public boolean isDefault() {
        return DEFAULT_LAB.equals(lab);
    }

    /**
     * A dovs command line to print as a hint, runnable as printed for this lab: {@code "dovs " + args} for the default
     * lab (the original tool's text, e.g. {@code dovs clean}), {@code "dovs --lab LAB " + args} for any other, so
     * that pasting it does not act on the default lab. The one place every hint naming a lab's command is built.
     *
     * @param args the subcommand and its arguments, e.g. {@code "clean"} or {@code "wait " + intentId}
     */
    public String command(String args) {
        return isDefault() ? "dovs " + args : "dovs --lab " + lab + " " + args;
    }

    /**
     * The lab a namespace name belongs to ({@link #netns}'s inverse): {@code dovs-G} is the default lab's,
     * {@code dovsLAB-G} lab LAB's; empty for a name dovs does not give.
     */
    public static java.util.Optional<LabNaming> ofNetns(String netns) {
        int dash = netns.indexOf('-');
        if (!netns.startsWith("dovs") || dash < 4) {
            return java.util.Optional.empty();
        }
        String lab = netns.substring(4, dash);
        if (DEFAULT_LAB.equals(lab)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new LabNaming(lab.isEmpty() ? DEFAULT_LAB : lab));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    public String container(String node) {
        return isDefault() ? node : lab + "." + node;
    }

    public String netnsPrefix() {
        return isDefault() ? "dovs-" : "dovs" + lab + "-";
    }

    public String netns(String guest) {
        return netnsPrefix() + guest;
    }

    /** Accepts a guest name or, for compatibility with the original, its namespace name. */
    public String guestFromNameOrNetns(String nameOrNetns) {
        return nameOrNetns.startsWith(netnsPrefix()) ? nameOrNetns.substring(netnsPrefix().length()) : nameOrNetns;
    }

    public String mgmtNetwork() {
        return (isDefault() ? "dovs" : "dovs" + lab) + "-mgmt";
    }

    public String intNetwork() {
        return (isDefault() ? "dovs" : "dovs" + lab) + "-int";
    }

    /** The nova naming convention netvirt binds on: "tap" + the first 11 characters of the port uuid. */
    public static String tap(String portId) {
        return "tap" + portId.substring(0, 11);
    }
}
